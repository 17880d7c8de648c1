# purpose: write points to InfluxDB using the line protocol over HTTP
import os, time, requests
lines = [
    f"queue_depth,queue=emails value={int(os.environ.get('DEPTH', '0'))} {time.time_ns()}",
    f"worker_up,host={os.uname().nodename} value=1 {time.time_ns()}",
]
r = requests.post("http://10.0.8.8:8086/api/v2/write", params={"org": "ops", "bucket": "app", "precision": "ns"},
                  headers={"Authorization": f"Token {os.environ['INFLUX_TOKEN']}"}, data="\n".join(lines), timeout=5)
r.raise_for_status()
