# purpose: setup.py with a custom build_py command that compiles frontend assets via npm before packaging
import subprocess
from setuptools import setup, find_packages
from setuptools.command.build_py import build_py


class BuildWithAssets(build_py):
    def run(self):
        subprocess.check_call(["npm", "ci"], cwd="frontend")
        subprocess.check_call(["npm", "run", "build"], cwd="frontend")
        super().run()


setup(
    name="dashboard",
    version="0.9.0",
    packages=find_packages(exclude=["tests"]),
    include_package_data=True,
    package_data={"dashboard": ["static/dist/*"]},
    cmdclass={"build_py": BuildWithAssets},
)
