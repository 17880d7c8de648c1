# purpose: import a handler given as "package.module:function" from an env var (like a serverless runtime bootstrap)
import importlib
import json
import os
import sys

handler_spec = os.environ.get("HANDLER", "app.main:handler")
module_name, _, func_name = handler_spec.partition(":")
sys.path.insert(0, os.environ.get("TASK_ROOT", "/var/task"))
handler = getattr(importlib.import_module(module_name), func_name)
event = json.load(sys.stdin)
result = handler(event, None)
json.dump(result, sys.stdout)
