# purpose: larger setup.py for a mixed C/python package: feature detection, optional OpenMP, generated version module and custom sdist/build_ext commands
import os
import platform
import re
import subprocess
import sys
import sysconfig
import tempfile

from setuptools import Extension, find_packages, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.sdist import sdist

HERE = os.path.dirname(os.path.abspath(__file__))


def read_version():
    with open(os.path.join(HERE, "imgops", "__init__.py")) as fh:
        return re.search(r'^__version__\s*=\s*"([^"]+)"', fh.read(), re.M).group(1)


def git_revision():
    try:
        return subprocess.check_output(["git", "rev-parse", "HEAD"], cwd=HERE, stderr=subprocess.DEVNULL).decode().strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def write_version_module():
    with open(os.path.join(HERE, "imgops", "_build_info.py"), "w") as fh:
        fh.write(f'version = "{read_version()}"\n')
        fh.write(f'git_revision = "{git_revision()}"\n')
        fh.write(f'platform = "{sysconfig.get_platform()}"\n')


def compiler_supports(compiler, flag):
    """Try to compile an empty file with the given flag."""
    with tempfile.NamedTemporaryFile("w", suffix=".c", delete=False) as f:
        f.write("int main(void) { return 0; }\n")
        src = f.name
    try:
        compiler.compile([src], output_dir=tempfile.gettempdir(), extra_postargs=[flag])
        return True
    except Exception:
        return False
    finally:
        os.unlink(src)


class BuildExt(build_ext):
    def build_extensions(self):
        opts = ["-O3"]
        link = []
        if self.compiler.compiler_type == "unix":
            if compiler_supports(self.compiler, "-fopenmp") and not os.environ.get("IMGOPS_NO_OPENMP"):
                opts.append("-fopenmp")
                link.append("-fopenmp")
            if platform.machine() in ("x86_64", "AMD64") and compiler_supports(self.compiler, "-mavx2"):
                opts.append("-mavx2")
        for ext in self.extensions:
            ext.extra_compile_args = opts + ext.extra_compile_args
            ext.extra_link_args = link + ext.extra_link_args
        super().build_extensions()


class SDist(sdist):
    def run(self):
        write_version_module()
        super().run()


write_version_module()

setup(
    name="imgops",
    version=read_version(),
    description="Fast image operations",
    packages=find_packages(exclude=["tests", "benchmarks"]),
    ext_modules=[
        Extension("imgops._resize", ["src/resize.c", "src/common.c"], include_dirs=["src"]),
        Extension("imgops._blur", ["src/blur.c", "src/common.c"], include_dirs=["src"]),
    ],
    cmdclass={"build_ext": BuildExt, "sdist": SDist},
    python_requires=">=3.9",
    install_requires=["numpy>=1.23"],
    extras_require={"test": ["pytest", "pillow"]},
    zip_safe=False,
)
