# purpose: decode a base64 kubeconfig from CI secret variables for a deploy job and save it with tight permissions
import base64, os, pathlib
kube = pathlib.Path.home() / ".kube"
kube.mkdir(mode=0o700, exist_ok=True)
cfg = kube / "config"
cfg.write_bytes(base64.b64decode(os.environ["KUBECONFIG_B64"]))
cfg.chmod(0o600)
