# purpose: tag the service's log lines with the EC2 instance id and availability zone read from IMDSv2 at start-up
import json
import logging
import urllib.request

BASE = "http://169.254.169.254/latest"


def imds(path, token):
    req = urllib.request.Request(f"{BASE}/{path}", headers={"X-aws-ec2-metadata-token": token})
    with urllib.request.urlopen(req, timeout=2) as resp:
        return resp.read().decode()


def instance_identity():
    req = urllib.request.Request(
        f"{BASE}/api/token", method="PUT",
        headers={"X-aws-ec2-metadata-token-ttl-seconds": "300"},
    )
    with urllib.request.urlopen(req, timeout=2) as resp:
        token = resp.read().decode()
    return imds("meta-data/instance-id", token), imds("meta-data/placement/availability-zone", token)


try:
    instance, zone = instance_identity()
except OSError:
    instance, zone = "local", "none"
logging.basicConfig(format=f"%(asctime)s {instance} {zone} %(levelname)s %(message)s")
logging.getLogger().warning(json.dumps({"event": "start", "instance": instance, "zone": zone}))
