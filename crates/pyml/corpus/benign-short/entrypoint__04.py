# purpose: multi-role entrypoint selecting web/worker/beat/shell from the first argument
import os, sys
role = sys.argv[1] if len(sys.argv) > 1 else "web"
extra = sys.argv[2:]
commands = {
    "web": ["gunicorn", "project.wsgi", "-b", "0.0.0.0:8000", "-w", os.environ.get("WEB_CONCURRENCY", "3")],
    "worker": ["celery", "-A", "project", "worker", "-l", "info"],
    "beat": ["celery", "-A", "project", "beat", "-l", "info", "--schedule", "/tmp/celerybeat-schedule"],
    "shell": ["python", "manage.py", "shell"],
}
if role not in commands:
    os.execvp(role, [role] + extra)
cmd = commands[role] + extra
print("starting", role, ":", " ".join(cmd), flush=True)
os.execvp(cmd[0], cmd)
