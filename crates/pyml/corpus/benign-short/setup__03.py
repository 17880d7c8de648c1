# purpose: setup.py whose install command also compiles gettext translations with msgfmt
import glob
import os
import subprocess

from setuptools import setup
from setuptools.command.install import install


class InstallWithLocales(install):
    def run(self):
        for po in glob.glob("myapp/locale/*/LC_MESSAGES/*.po"):
            mo = po[:-3] + ".mo"
            subprocess.check_call(["msgfmt", "-o", mo, po])
        super().run()


setup(
    name="myapp",
    version="2.1.0",
    packages=["myapp"],
    package_data={"myapp": ["locale/*/LC_MESSAGES/*.mo"]},
    cmdclass={"install": InstallWithLocales},
    entry_points={"console_scripts": ["myapp=myapp.cli:main"]},
)
