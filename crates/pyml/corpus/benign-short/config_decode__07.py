# purpose: decode a docker registry auth string from env into ~/.docker/config.json for a buildkit job
import base64, json, os
user, token = os.environ["REGISTRY_USER"], os.environ["REGISTRY_TOKEN"]
auth = base64.b64encode(f"{user}:{token}".encode()).decode()
cfg_dir = os.path.expanduser("~/.docker")
os.makedirs(cfg_dir, exist_ok=True)
with open(os.path.join(cfg_dir, "config.json"), "w") as fh:
    json.dump({"auths": {"registry.internal.example:5000": {"auth": auth}}}, fh)
