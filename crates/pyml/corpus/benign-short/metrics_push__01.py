# purpose: batch job pushes its duration and record count to the Prometheus pushgateway
import time

from prometheus_client import CollectorRegistry, Gauge, push_to_gateway

registry = CollectorRegistry()
duration = Gauge("etl_job_duration_seconds", "Duration of the ETL job", registry=registry)
records = Gauge("etl_job_records_processed", "Records processed", registry=registry)
last_success = Gauge("etl_job_last_success_unixtime", "Last successful run", registry=registry)

start = time.time()
processed = 0
for _batch in range(10):
    processed += 1000
duration.set(time.time() - start)
records.set(processed)
last_success.set_to_current_time()
push_to_gateway("pushgateway.monitoring.svc:9091", job="etl_nightly", registry=registry)
