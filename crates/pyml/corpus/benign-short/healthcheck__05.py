# purpose: health check for a unix-socket served app (php-fpm/uwsgi style) by connecting to its socket file
import socket, sys
sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
sock.settimeout(1.5)
try:
    sock.connect("/run/app/app.sock")
except (FileNotFoundError, ConnectionRefusedError, socket.timeout):
    sys.exit(1)
sock.close()
