# purpose: load a python-format config file (like gunicorn.conf.py) by exec'ing it into an isolated dict
import sys

def load_config(path):
    namespace = {"__file__": path, "__name__": "__config__"}
    with open(path, "rb") as fh:
        code = compile(fh.read(), path, "exec")
    exec(code, namespace)
    return {k: v for k, v in namespace.items() if not k.startswith("__")}

cfg = load_config(sys.argv[1] if len(sys.argv) > 1 else "/app/gunicorn.conf.py")
for key in ("bind", "workers", "timeout"):
    print(f"{key} = {cfg.get(key)!r}")
