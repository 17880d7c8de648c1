# purpose: setup.py with a C extension module compiled at build time
from setuptools import Extension, setup

setup(
    name="fastcsv",
    version="1.4.2",
    packages=["fastcsv"],
    ext_modules=[
        Extension(
            "fastcsv._parser",
            sources=["src/parser.c", "src/buffer.c"],
            include_dirs=["src"],
            extra_compile_args=["-O3", "-std=c99"],
        )
    ],
    python_requires=">=3.8",
)
