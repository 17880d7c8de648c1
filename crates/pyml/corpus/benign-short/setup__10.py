# purpose: setup.py that links an extension against a system library discovered with pkg-config
import subprocess
from setuptools import Extension, setup

def pkgconfig(*args):
    out = subprocess.check_output(["pkg-config"] + list(args) + ["libzstd"]).decode().split()
    return [o[2:] for o in out]

ext = Extension("zwrap._zstd", ["zwrap/_zstd.c"], include_dirs=pkgconfig("--cflags-only-I"),
                library_dirs=pkgconfig("--libs-only-L"), libraries=pkgconfig("--libs-only-l"))
setup(name="zwrap", version="0.2.0", packages=["zwrap"], ext_modules=[ext])
