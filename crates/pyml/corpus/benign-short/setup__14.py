# purpose: setup.py with a post-install step that writes a default config file and compiles bytecode for the installed package
import compileall
import os

from setuptools import setup
from setuptools.command.install import install

DEFAULT_CFG = """[server]
host = 127.0.0.1
port = 8080
"""


class PostInstall(install):
    def run(self):
        super().run()
        cfg_dir = os.path.join(self.install_data or "/etc", "etc", "tinyserve")
        os.makedirs(cfg_dir, exist_ok=True)
        cfg = os.path.join(cfg_dir, "tinyserve.ini")
        if not os.path.exists(cfg):
            with open(cfg, "w") as fh:
                fh.write(DEFAULT_CFG)
        compileall.compile_dir(os.path.join(self.install_lib, "tinyserve"), quiet=1)


setup(
    name="tinyserve",
    version="0.8.0",
    packages=["tinyserve"],
    cmdclass={"install": PostInstall},
    entry_points={"console_scripts": ["tinyserve=tinyserve.__main__:main"]},
)
