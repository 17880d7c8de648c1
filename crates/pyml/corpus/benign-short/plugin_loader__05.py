# purpose: run user-supplied migration/hook scripts from a mounted directory using runpy, in name order
import os
import runpy
import sys

hook_dir = os.environ.get("HOOK_DIR", "/hooks/pre-start")
if not os.path.isdir(hook_dir):
    sys.exit(0)
for name in sorted(os.listdir(hook_dir)):
    if name.endswith(".py"):
        path = os.path.join(hook_dir, name)
        print(f"running hook {path}", flush=True)
        runpy.run_path(path, run_name="__main__")
