# purpose: CI runner self-check: reports the container's memory use from /proc/self/status and whether the Docker socket was mounted for docker-in-docker jobs
import json
import os
import sys


def status_field(name):
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(name + ":"):
                return line.split(":", 1)[1].strip()
    return None


report = {
    "vm_rss": status_field("VmRSS"),
    "threads": status_field("Threads"),
    "docker_socket": os.path.exists("/var/run/docker.sock"),
}
print(json.dumps(report))
if os.environ.get("REQUIRE_DOCKER") == "1" and not report["docker_socket"]:
    print("docker socket not mounted; this runner cannot run docker jobs", file=sys.stderr)
    sys.exit(1)
