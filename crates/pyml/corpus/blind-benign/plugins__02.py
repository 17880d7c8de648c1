#!/usr/bin/env python3
# Load a Python-syntax settings file (like gunicorn.conf.py / Django local
# settings) from the read-only config mount and expose UPPERCASE names.
import os
import sys

path = os.environ.get("APP_SETTINGS_FILE", "/etc/app/settings_local.py")
settings = {"DEBUG": False, "ALLOWED_HOSTS": ["localhost"], "WORKERS": 2}

if os.path.exists(path):
    st = os.stat(path)
    if st.st_uid != 0 or st.st_mode & 0o022:
        sys.exit(f"refusing to load {path}: must be root-owned and not group/world-writable")
    ns = {"__file__": path}
    with open(path) as f:
        code = compile(f.read(), path, "exec")
    exec(code, ns)
    settings.update({k: v for k, v in ns.items() if k.isupper()})

for key in sorted(settings):
    print(f"{key}={settings[key]!r}")
