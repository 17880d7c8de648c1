#!/usr/bin/env python3
"""Leader election via coordination.k8s.io Leases, using the official client.

Only the replica holding the lease runs the periodic reconcile job.
"""
import datetime
import logging
import os
import socket
import time

from kubernetes import client, config
from kubernetes.client.rest import ApiException

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
LEASE = os.environ.get("LEASE_NAME", "report-generator")
NS = os.environ.get("POD_NAMESPACE", "default")
ME = os.environ.get("POD_NAME", socket.gethostname())
DURATION = 30


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def try_acquire(api):
    try:
        lease = api.read_namespaced_lease(LEASE, NS)
    except ApiException as e:
        if e.status != 404:
            raise
        body = client.V1Lease(
            metadata=client.V1ObjectMeta(name=LEASE, namespace=NS),
            spec=client.V1LeaseSpec(holder_identity=ME, lease_duration_seconds=DURATION,
                                    acquire_time=now(), renew_time=now()))
        api.create_namespaced_lease(NS, body)
        return True
    spec = lease.spec
    expired = spec.renew_time is None or (now() - spec.renew_time).total_seconds() > DURATION
    if spec.holder_identity == ME or expired:
        spec.holder_identity = ME
        spec.renew_time = now()
        api.replace_namespaced_lease(LEASE, NS, lease)  # optimistic lock via resourceVersion
        return True
    return False


def reconcile():
    logging.info("leader %s: generating reports", ME)


def main():
    config.load_incluster_config()
    api = client.CoordinationV1Api()
    while True:
        try:
            if try_acquire(api):
                reconcile()
            else:
                logging.info("standing by")
        except ApiException as e:
            logging.warning("lease update conflict: %s", e.reason)
        time.sleep(DURATION / 3)


if __name__ == "__main__":
    main()
