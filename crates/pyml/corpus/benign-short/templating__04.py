# purpose: render a prometheus scrape config with targets discovered from env and write it atomically
import os, tempfile, yaml
targets = os.environ.get("SCRAPE_TARGETS", "127.0.0.1:9100").split(",")
cfg = {
    "global": {"scrape_interval": os.environ.get("SCRAPE_INTERVAL", "30s")},
    "scrape_configs": [{"job_name": "app", "static_configs": [{"targets": targets}]}],
}
fd, tmp = tempfile.mkstemp(dir="/etc/prometheus")
with os.fdopen(fd, "w") as fh:
    yaml.safe_dump(cfg, fh, sort_keys=False)
os.replace(tmp, "/etc/prometheus/prometheus.yml")
