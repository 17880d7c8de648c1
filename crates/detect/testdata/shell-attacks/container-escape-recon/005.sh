#!/bin/bash
# shrike-test-attack: container-escape-recon: capability and environment recon (CapEff, seccomp, mounts)
echo "== caps"; grep -E 'Cap(Eff|Prm|Bnd)' /proc/self/status
command -v capsh >/dev/null && capsh --decode=$(awk '/CapEff/{print $2}' /proc/self/status)
echo "== seccomp"; grep Seccomp /proc/self/status
echo "== apparmor"; cat /proc/self/attr/current 2>/dev/null
echo "== cgroup"; cat /proc/1/cgroup
echo "== mounts"; grep -E 'docker.sock|/var/lib/kubelet|/host|overlay' /proc/mounts
echo "== devices"; ls -la /dev | grep -E 'sd|vd|nvme|xvd'
[ -e /.dockerenv ] && echo IN_DOCKER
ls /var/run/secrets/kubernetes.io 2>/dev/null && echo IN_K8S
