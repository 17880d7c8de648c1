# purpose: emit a JSON build-info document (app version, git sha, python, libc) consumed by the /version endpoint
import json
import os
import platform
import sys

info = {
    "app_version": os.environ.get("APP_VERSION", "dev"),
    "git_sha": os.environ.get("GIT_SHA", "unknown"),
    "python": platform.python_version(),
    "libc": "-".join(platform.libc_ver()),
    "arch": platform.machine(),
    "executable": sys.executable,
}
with open("/app/static/build-info.json", "w") as fh:
    json.dump(info, fh, indent=2)
print(json.dumps(info))
