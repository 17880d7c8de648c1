# purpose: rewrite a JSON config in place setting a key from the command line, preserving the rest of the document
import json
import os
import sys
import tempfile

path, key, value = sys.argv[1], sys.argv[2], sys.argv[3]
with open(path) as fh:
    doc = json.load(fh)
node = doc
*parents, leaf = key.split(".")
for p in parents:
    node = node.setdefault(p, {})
try:
    node[leaf] = json.loads(value)
except json.JSONDecodeError:
    node[leaf] = value
fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)))
with os.fdopen(fd, "w") as fh:
    json.dump(doc, fh, indent=2)
    fh.write("\n")
os.replace(tmp, path)
