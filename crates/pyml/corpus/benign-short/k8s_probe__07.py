# purpose: wait until a dependent Deployment reports all replicas available, using the python kubernetes client
import sys, time
from kubernetes import client, config
config.load_incluster_config()
apps = client.AppsV1Api()
name, ns = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "default"
for _ in range(60):
    d = apps.read_namespaced_deployment_status(name, ns)
    ready = d.status.available_replicas or 0
    print(f"{name}: {ready}/{d.spec.replicas} available", flush=True)
    if ready >= (d.spec.replicas or 1):
        sys.exit(0)
    time.sleep(5)
sys.exit(1)
