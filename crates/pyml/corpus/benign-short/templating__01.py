# purpose: envsubst replacement: substitute ${VAR} references in a template file from the environment
import os
import string
import sys

src, dst = sys.argv[1], sys.argv[2]
with open(src) as fh:
    tpl = string.Template(fh.read())
with open(dst, "w") as fh:
    fh.write(tpl.safe_substitute(os.environ))
