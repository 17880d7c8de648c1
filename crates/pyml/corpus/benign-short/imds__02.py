# purpose: pick the regional endpoint from the cloud the container runs on: GCE or Azure instance metadata, else an env default
import json
import os
import urllib.request


def gce_region():
    req = urllib.request.Request(
        "http://metadata.google.internal/computeMetadata/v1/instance/zone",
        headers={"Metadata-Flavor": "Google"},
    )
    with urllib.request.urlopen(req, timeout=1) as r:
        return r.read().decode().rsplit("/", 1)[-1].rsplit("-", 1)[0]


def azure_region():
    req = urllib.request.Request(
        "http://169.254.169.254/metadata/instance/compute/location?api-version=2021-02-01&format=text",
        headers={"Metadata": "true"},
    )
    with urllib.request.urlopen(req, timeout=1) as r:
        return r.read().decode()


region = os.environ.get("REGION")
for probe in (gce_region, azure_region):
    if region:
        break
    try:
        region = probe()
    except OSError:
        continue
print(json.dumps({"endpoint": f"https://{region or 'us-central1'}.api.example.com"}))
