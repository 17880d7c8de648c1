# purpose: startup script that uses the official kubernetes client with in-cluster config to read its own ConfigMap
from kubernetes import client, config

config.load_incluster_config()
v1 = client.CoreV1Api()
ns = open("/var/run/secrets/kubernetes.io/serviceaccount/namespace").read().strip()
cm = v1.read_namespaced_config_map("app-settings", ns)
for k, v in sorted(cm.data.items()):
    print(f"{k}={v}")
