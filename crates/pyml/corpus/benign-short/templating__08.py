# purpose: render a supervisord program section per worker queue listed in QUEUES
import os
queues = os.environ.get("QUEUES", "default").split(",")
with open("/etc/supervisor/conf.d/workers.conf", "w") as f:
    for q in queues:
        f.write(f"[program:worker-{q}]\ncommand=celery -A app worker -Q {q} -n {q}@%%h\nautorestart=true\nstdout_logfile=/dev/stdout\nstdout_logfile_maxbytes=0\nredirect_stderr=true\n\n")
