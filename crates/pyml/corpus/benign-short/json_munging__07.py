# purpose: extract image tags from a kubernetes deployment list (kubectl get -o json) piped on stdin
import json, sys
doc = json.load(sys.stdin)
for item in doc.get("items", []):
    name = item["metadata"]["name"]
    for c in item["spec"]["template"]["spec"].get("containers", []):
        print(f"{name}\t{c['name']}\t{c['image']}")
