# purpose: entrypoint that loads secrets from files (the *_FILE convention) into env vars before exec
import os
import sys

for key in list(os.environ):
    if key.endswith("_FILE"):
        target = key[:-5]
        if target in os.environ:
            sys.exit(f"both {target} and {key} are set")
        with open(os.environ[key]) as fh:
            os.environ[target] = fh.read().strip()
        del os.environ[key]

os.execvpe(sys.argv[1], sys.argv[1:], os.environ)
