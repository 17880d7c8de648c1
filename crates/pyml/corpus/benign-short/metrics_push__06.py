# purpose: expose a tiny prometheus /metrics endpoint from a batch worker sidecar using prometheus_client.start_http_server
import random
import time

from prometheus_client import Counter, Histogram, start_http_server

JOBS = Counter("jobs_total", "Jobs processed", ["result"])
LAT = Histogram("job_seconds", "Job latency")

start_http_server(9102, addr="0.0.0.0")
while True:
    with LAT.time():
        time.sleep(random.uniform(0.05, 0.2))
    JOBS.labels(result="ok" if random.random() > 0.02 else "error").inc()
