# purpose: cron job that renews a certificate via certbot and reloads nginx only if it changed
import hashlib
import subprocess

CERT = "/etc/letsencrypt/live/app.example.com/fullchain.pem"


def digest():
    try:
        return hashlib.sha256(open(CERT, "rb").read()).hexdigest()
    except FileNotFoundError:
        return None


before = digest()
subprocess.run(["certbot", "renew", "--quiet", "--no-random-sleep-on-renew"], check=True)
if digest() != before:
    subprocess.run(["nginx", "-s", "reload"], check=True)
    print("certificate renewed; nginx reloaded")
