# purpose: check whether this service account is allowed to list pods (SelfSubjectAccessReview) before starting the controller
import json
import ssl
import sys
import urllib.request

SA = "/var/run/secrets/kubernetes.io/serviceaccount"
token = open(SA + "/token").read().strip()
review = {
    "apiVersion": "authorization.k8s.io/v1",
    "kind": "SelfSubjectAccessReview",
    "spec": {"resourceAttributes": {"verb": "list", "resource": "pods", "namespace": open(SA + "/namespace").read().strip()}},
}
req = urllib.request.Request(
    "https://kubernetes.default.svc/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
    data=json.dumps(review).encode(),
    headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
)
resp = json.load(urllib.request.urlopen(req, context=ssl.create_default_context(cafile=SA + "/ca.crt")))
allowed = resp["status"]["allowed"]
print("can list pods:", allowed)
sys.exit(0 if allowed else 1)
