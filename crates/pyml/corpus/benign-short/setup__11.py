# purpose: setup.py with a custom 'test' alias command that runs pytest via subprocess with coverage
import subprocess
import sys

from setuptools import Command, find_packages, setup


class PyTest(Command):
    description = "run the test suite with coverage"
    user_options = [("pytest-args=", "a", "extra arguments for pytest")]

    def initialize_options(self):
        self.pytest_args = ""

    def finalize_options(self):
        pass

    def run(self):
        cmd = [sys.executable, "-m", "pytest", "--cov=inventory", "tests"] + self.pytest_args.split()
        raise SystemExit(subprocess.call(cmd))


setup(
    name="inventory",
    version="1.7.3",
    packages=find_packages(exclude=("tests",)),
    cmdclass={"test": PyTest},
    tests_require=["pytest", "pytest-cov"],
)
