# purpose: minimal setup.py shim kept for editable installs with older pip; configuration lives in setup.cfg / pyproject.toml
from setuptools import setup

if __name__ == "__main__":
    setup()
