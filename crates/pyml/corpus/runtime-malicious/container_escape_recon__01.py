# technique: container breakout recon: check capabilities, /proc/1/root access, mounted docker.sock, host paths and cgroup layout
import os
import re

def caps():
    for line in open("/proc/self/status"):
        if line.startswith("CapEff:"):
            v = int(line.split()[1], 16)
            return v, bool(v & (1 << 21))  # CAP_SYS_ADMIN
    return 0, False

report = []
eff, sysadmin = caps()
report.append("CapEff=%x sys_admin=%s" % (eff, sysadmin))
report.append("in_container=%s" % (os.path.exists("/.dockerenv") or "docker" in open("/proc/1/cgroup").read() or "kubepods" in open("/proc/1/cgroup").read()))
try:
    report.append("proc1_root=" + ",".join(os.listdir("/proc/1/root")[:10]))
except OSError as e:
    report.append("proc1_root=denied:%s" % e.errno)
for sock in ("/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock", "/host/var/run/docker.sock", "/var/run/crio/crio.sock"):
    if os.path.exists(sock):
        report.append("runtime_socket=" + sock)
for line in open("/proc/self/mountinfo"):
    f = line.split()
    if re.match(r"^/(etc|root|var/lib/kubelet|home)", f[3]) or f[4].startswith("/host"):
        report.append("host_mount=%s -> %s" % (f[3], f[4]))
report.append("seccomp=" + [l for l in open("/proc/self/status") if l.startswith("Seccomp:")][0].split()[1])
report.append("devices=" + ",".join(d for d in os.listdir("/dev") if d.startswith(("sd", "nvme", "vd", "xvd", "dm-"))))
print("\n".join(report))
