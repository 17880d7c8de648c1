#!/usr/bin/env python3
import base64, json, os, sys

# APP_CONFIG_B64 is a base64-encoded JSON blob from the deployment manifest.
cfg = {"log_level": "info", "workers": 2, "database_url": "postgresql://app@db:5432/app"}
raw = os.environ.get("APP_CONFIG_B64")
if raw:
    try:
        cfg.update(json.loads(base64.b64decode(raw).decode("utf-8")))
    except (ValueError, UnicodeDecodeError) as e:
        sys.exit(f"APP_CONFIG_B64 is not valid base64 JSON: {e}")

os.makedirs("/app/config", exist_ok=True)
with open("/app/config/settings.json", "w") as fh:
    json.dump(cfg, fh, indent=2, sort_keys=True)

os.environ["APP_SETTINGS"] = "/app/config/settings.json"
cmd = ["gunicorn", "-w", str(cfg["workers"]), "--log-level", cfg["log_level"],
       "-b", "0.0.0.0:8000", "service.app:create_app()"]
os.execvp(cmd[0], cmd + sys.argv[1:])
