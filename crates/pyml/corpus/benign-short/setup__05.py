# purpose: setup.py that reads the version from git describe at build time, falling back to a static version
import subprocess
from setuptools import setup, find_packages

def git_version():
    try:
        out = subprocess.check_output(["git", "describe", "--tags", "--always"], stderr=subprocess.DEVNULL)
        return out.decode().strip().lstrip("v").replace("-", "+", 1).replace("-", ".")
    except (OSError, subprocess.CalledProcessError):
        return "0.0.0"

setup(name="internal-tools", version=git_version(), packages=find_packages())
