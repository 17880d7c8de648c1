# technique: minified ping/ARP-style host discovery across several private ranges followed by banner grabbing on open ports
import socket as S,subprocess as P;L=[]
for n in("10.0.0.","172.17.0.","192.168.1."):
 for i in range(1,255):
  if P.run(["ping","-c1","-W1",n+str(i)],stdout=P.DEVNULL).returncode==0:L.append(n+str(i))
for h in L:
 for p in(21,22,23,25,80,3306,5432,8080):
  try:c=S.create_connection((h,p),.5);c.settimeout(1);print(h,p,c.recv(80));c.close()
  except Exception:pass
