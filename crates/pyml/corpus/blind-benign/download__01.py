#!/usr/bin/env python3
"""Install a pinned CLI release into /usr/local/bin after verifying sha256.

Run during `docker build`:  RUN python3 install_tool.py
"""
import hashlib
import os
import shutil
import stat
import sys
import tarfile
import tempfile
import urllib.request

VERSION = "1.8.2"
URL = f"https://releases.example.com/kubetool/v{VERSION}/kubetool_{VERSION}_linux_amd64.tar.gz"
SHA256 = "3f4c2b5e9a7d1c0e8b6a4f2d9c7e5b3a1f0d8c6b4a2e0f9d7c5b3a1e8f6d4c2b"
DEST = "/usr/local/bin/kubetool"


def main():
    with tempfile.TemporaryDirectory() as tmp:
        archive = os.path.join(tmp, "tool.tar.gz")
        print(f"downloading {URL}")
        with urllib.request.urlopen(URL, timeout=60) as resp, open(archive, "wb") as out:
            shutil.copyfileobj(resp, out)

        digest = hashlib.sha256()
        with open(archive, "rb") as f:
            for block in iter(lambda: f.read(65536), b""):
                digest.update(block)
        if digest.hexdigest() != SHA256:
            sys.exit(f"checksum mismatch: got {digest.hexdigest()}, want {SHA256}")

        with tarfile.open(archive) as tar:
            member = tar.getmember("kubetool")
            tar.extractall(tmp, members=[member], filter="data")
        shutil.move(os.path.join(tmp, "kubetool"), DEST)

    os.chmod(DEST, stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    print(f"installed {DEST} v{VERSION}")


if __name__ == "__main__":
    main()
