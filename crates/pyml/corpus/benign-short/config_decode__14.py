# purpose: decrypt a sops/age-style encrypted config (base64 ciphertext) with a Fernet key from the environment
import base64, os
from cryptography.fernet import Fernet
f = Fernet(os.environ["CONFIG_KEY"])
ct = base64.b64decode(open("/app/config.enc.b64", "rb").read())
open("/run/app/config.yaml", "wb").write(f.decrypt(ct))
