# purpose: decode a base64 PKCS#12 bundle from env and split it into PEM cert/key files with the cryptography library
import base64
import os

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

p12 = base64.b64decode(os.environ["CLIENT_P12_B64"])
password = os.environ.get("CLIENT_P12_PASSWORD", "").encode() or None
key, cert, chain = pkcs12.load_key_and_certificates(p12, password)
os.makedirs("/run/tls", exist_ok=True)
with open("/run/tls/client.key", "wb") as fh:
    fh.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
os.chmod("/run/tls/client.key", 0o600)
with open("/run/tls/client.crt", "wb") as fh:
    fh.write(cert.public_bytes(serialization.Encoding.PEM))
    for c in chain or []:
        fh.write(c.public_bytes(serialization.Encoding.PEM))
