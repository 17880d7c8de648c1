# purpose: datadog DogStatsD client sending a gauge and an event at the end of a deploy hook
import os
from datadog import initialize, statsd
initialize(statsd_host=os.environ.get("DD_AGENT_HOST", "127.0.0.1"), statsd_port=8125)
statsd.gauge("deploy.replicas", int(os.environ.get("REPLICAS", "1")), tags=[f"service:{os.environ.get('SERVICE', 'web')}"])
statsd.event("Deploy finished", f"version {os.environ.get('APP_VERSION', 'dev')}", alert_type="info")
