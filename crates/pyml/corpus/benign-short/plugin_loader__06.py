# purpose: hot-reload a rules module when its file changes, for a long-running rules engine
import importlib
import os
import time

import rules  # local module: rules.py next to this script

mtime = os.path.getmtime(rules.__file__)
while True:
    current = os.path.getmtime(rules.__file__)
    if current != mtime:
        mtime = current
        try:
            importlib.reload(rules)
            print("rules reloaded:", len(rules.RULES))
        except Exception as exc:
            print("reload failed, keeping old rules:", exc)
    rules.evaluate_pending()
    time.sleep(2)
