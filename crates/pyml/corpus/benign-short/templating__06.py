# purpose: expand ${VAR:-default} style placeholders (shell syntax) in a config file, leaving unknown vars untouched
import os
import re
import sys

PATTERN = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


def repl(m):
    name, default = m.group(1), m.group(2)
    if name in os.environ:
        return os.environ[name]
    if default is not None:
        return default
    return m.group(0)


text = sys.stdin.read()
sys.stdout.write(PATTERN.sub(repl, text))
