#!/usr/bin/env python3
"""vault-unsealer sidecar.

Watches every Vault pod behind the headless service and submits unseal key
shares whenever a pod comes up sealed (after a reschedule or node drain).
Key shares are mounted from a Kubernetes secret at /vault/unseal/key-N.
"""
import glob
import logging
import os
import time

import requests

NAMESPACE = os.environ.get("POD_NAMESPACE", "vault")
SERVICE = os.environ.get("VAULT_HEADLESS_SERVICE", "vault-internal")
REPLICAS = int(os.environ.get("VAULT_REPLICAS", "3"))
STATEFULSET = os.environ.get("VAULT_STATEFULSET", "vault")
CACERT = os.environ.get("VAULT_CACERT", "/vault/tls/ca.crt")
KEY_DIR = os.environ.get("UNSEAL_KEY_DIR", "/vault/unseal")
INTERVAL = int(os.environ.get("CHECK_INTERVAL", "10"))

log = logging.getLogger("unsealer")


def load_keys():
    keys = []
    for p in sorted(glob.glob(os.path.join(KEY_DIR, "key-*"))):
        with open(p) as f:
            keys.append(f.read().strip())
    if not keys:
        raise SystemExit(f"no unseal keys found in {KEY_DIR}")
    return keys


def addr(i):
    return f"https://{STATEFULSET}-{i}.{SERVICE}.{NAMESPACE}.svc:8200"


def seal_status(base):
    r = requests.get(f"{base}/v1/sys/seal-status", verify=CACERT, timeout=5)
    r.raise_for_status()
    return r.json()


def unseal(base, keys):
    status = seal_status(base)
    if not status.get("initialized"):
        log.warning("%s is not initialised; skipping (run operator init manually)", base)
        return
    if not status["sealed"]:
        return
    log.info("%s is sealed (%d/%d), submitting shares", base, status["progress"], status["t"])
    for k in keys:
        r = requests.put(f"{base}/v1/sys/unseal", json={"key": k}, verify=CACERT, timeout=5)
        r.raise_for_status()
        body = r.json()
        if not body["sealed"]:
            log.info("%s unsealed", base)
            return
    log.error("%s still sealed after %d shares (threshold %d)", base, len(keys), status["t"])


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    keys = load_keys()
    log.info("loaded %d key shares, watching %d replicas", len(keys), REPLICAS)
    while True:
        for i in range(REPLICAS):
            base = addr(i)
            try:
                unseal(base, keys)
            except requests.RequestException as e:
                log.debug("%s not reachable: %s", base, e)
        time.sleep(INTERVAL)


if __name__ == "__main__":
    main()
