# purpose: write a GCP service-account JSON from a base64 env var and point GOOGLE_APPLICATION_CREDENTIALS at it
import base64, json, os, sys
raw = os.environ.get("GCP_SA_KEY_B64")
if not raw:
    sys.exit(0)
creds = json.loads(base64.b64decode(raw))
path = "/var/run/app/gcp-sa.json"
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w") as f:
    json.dump(creds, f)
os.chmod(path, 0o600)
print(f"wrote credentials for {creds.get('client_email')} to {path}")
