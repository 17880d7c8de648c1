# purpose: export grafana dashboards as JSON through its HTTP API into a git-tracked backup directory
import json, os, requests
base = "http://grafana.monitoring.svc:3000"
h = {"Authorization": f"Bearer {os.environ['GRAFANA_TOKEN']}"}
os.makedirs("/backup/dashboards", exist_ok=True)
for d in requests.get(f"{base}/api/search?type=dash-db", headers=h, timeout=10).json():
    dash = requests.get(f"{base}/api/dashboards/uid/{d['uid']}", headers=h, timeout=10).json()["dashboard"]
    with open(f"/backup/dashboards/{d['uid']}.json", "w") as fh:
        json.dump(dash, fh, indent=2, sort_keys=True)
