#!/usr/bin/env python3
"""Rolling deploy of a release tarball to app hosts over SSH (paramiko)."""
import argparse
import logging
import os
import sys

import paramiko

log = logging.getLogger("deploy")
HOSTS = ["app1.example.com", "app2.example.com", "app3.example.com"]


def run(ssh, cmd):
    log.info("  $ %s", cmd)
    _, stdout, stderr = ssh.exec_command(cmd)
    rc = stdout.channel.recv_exit_status()
    if rc != 0:
        raise RuntimeError(f"{cmd!r} failed: {stderr.read().decode().strip()}")
    return stdout.read().decode()


def deploy(host, tarball, version, key_file):
    ssh = paramiko.SSHClient()
    ssh.load_system_host_keys()
    ssh.set_missing_host_key_policy(paramiko.RejectPolicy())
    ssh.connect(host, username="deploy", key_filename=key_file, timeout=15)
    try:
        release = f"/srv/app/releases/{version}"
        with ssh.open_sftp() as sftp:
            sftp.put(tarball, f"/tmp/{version}.tar.gz")
        run(ssh, f"mkdir -p {release} && tar -xzf /tmp/{version}.tar.gz -C {release}")
        run(ssh, f"ln -sfn {release} /srv/app/current")
        run(ssh, "sudo systemctl restart app.service")
        run(ssh, "curl -fsS http://127.0.0.1:8000/healthz")
    finally:
        ssh.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tarball")
    ap.add_argument("--version", required=True)
    ap.add_argument("--key", default=os.path.expanduser("~/.ssh/id_ed25519"))
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for host in HOSTS:
        log.info("deploying %s to %s", args.version, host)
        try:
            deploy(host, args.tarball, args.version, args.key)
        except Exception as e:
            log.error("%s: %s -- aborting rollout", host, e)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
