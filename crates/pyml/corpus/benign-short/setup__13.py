# purpose: setup.py whose build_ext falls back to the pure-python implementation if no compiler is available
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from distutils.errors import CCompilerError, DistutilsExecError, DistutilsPlatformError


class OptionalBuildExt(build_ext):
    def run(self):
        try:
            super().run()
        except DistutilsPlatformError:
            self._warn()

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except (CCompilerError, DistutilsExecError, DistutilsPlatformError, ValueError):
            self._warn()

    def _warn(self):
        sys.stderr.write("WARNING: C speedups could not be compiled; using pure-python fallback\n")


setup(
    name="jsonpatchx",
    version="2.0.1",
    packages=["jsonpatchx"],
    ext_modules=[Extension("jsonpatchx._speedups", ["jsonpatchx/_speedups.c"])],
    cmdclass={"build_ext": OptionalBuildExt},
)
