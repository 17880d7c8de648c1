# purpose: entrypoint that optionally starts sshd for debugging in dev images, then runs the app
import os, subprocess, sys
if os.environ.get("ENABLE_DEBUG_SSHD") == "1" and os.environ.get("APP_ENV") == "development":
    subprocess.run(["ssh-keygen", "-A"], check=True)
    subprocess.Popen(["/usr/sbin/sshd", "-D", "-e"])
os.execvp("python", ["python", "-m", "app"] + sys.argv[1:])
