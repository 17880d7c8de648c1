# purpose: gather versions of system tools via subprocess for a support bundle
import shutil
import subprocess

TOOLS = {
    "git": ["git", "--version"],
    "node": ["node", "--version"],
    "openssl": ["openssl", "version"],
    "psql": ["psql", "--version"],
    "curl": ["curl", "--version"],
}

for name, cmd in TOOLS.items():
    if shutil.which(cmd[0]) is None:
        print(f"{name}: missing")
        continue
    out = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.splitlines()
    print(f"{name}: {out[0] if out else 'unknown'}")
