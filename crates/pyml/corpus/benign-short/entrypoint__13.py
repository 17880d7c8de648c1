# purpose: entrypoint for a CI runner image that registers the runner if no config exists, then runs it in the foreground
import os
import subprocess
import sys

CONFIG = "/etc/runner/config.toml"
if not os.path.exists(CONFIG):
    subprocess.run([
        "runner", "register", "--non-interactive",
        "--url", os.environ.get("CI_SERVER_URL", "https://ci.internal.example"),
        "--token", os.environ["RUNNER_TOKEN"],
        "--executor", "docker",
        "--docker-image", "alpine:3.19",
        "--config", CONFIG,
    ], check=True)
os.execvp("runner", ["runner", "run", "--config", CONFIG])
