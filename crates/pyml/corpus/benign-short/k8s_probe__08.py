# purpose: emit a kubernetes Event for this pod using the projected service account token (audience-bound) from a custom path
import datetime
import json
import os
import ssl
import urllib.request

TOKEN_PATH = os.environ.get("SA_TOKEN_PATH", "/var/run/secrets/tokens/api-token")
CA = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"
ns = os.environ["POD_NAMESPACE"]
pod = os.environ["POD_NAME"]
now = datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")
event = {
    "apiVersion": "v1",
    "kind": "Event",
    "metadata": {"generateName": pod + "-"},
    "involvedObject": {"kind": "Pod", "name": pod, "namespace": ns},
    "reason": "CacheWarmed",
    "message": "cache warm-up finished",
    "type": "Normal",
    "firstTimestamp": now,
    "lastTimestamp": now,
    "source": {"component": "cache-warmer"},
}
req = urllib.request.Request(
    f"https://{os.environ['KUBERNETES_SERVICE_HOST']}/api/v1/namespaces/{ns}/events",
    data=json.dumps(event).encode(),
    headers={"Authorization": "Bearer " + open(TOKEN_PATH).read().strip(), "Content-Type": "application/json"},
)
urllib.request.urlopen(req, context=ssl.create_default_context(cafile=CA), timeout=5)
