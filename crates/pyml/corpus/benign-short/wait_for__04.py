# purpose: wait for an HTTP dependency (elasticsearch) to report green/yellow cluster health
import json, sys, time, urllib.request
url = "http://10.0.4.20:9200/_cluster/health"
for _ in range(90):
    try:
        st = json.load(urllib.request.urlopen(url, timeout=2)).get("status")
        if st in ("green", "yellow"):
            print("elasticsearch", st)
            sys.exit(0)
    except Exception:
        pass
    time.sleep(2)
sys.exit("elasticsearch not healthy in time")
