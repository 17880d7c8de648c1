# purpose: cython-based setup.py that cythonizes .pyx files and uses numpy headers
import numpy
from Cython.Build import cythonize
from setuptools import Extension, setup

extensions = [
    Extension("geo.distance", ["geo/distance.pyx"], include_dirs=[numpy.get_include()]),
    Extension("geo.index", ["geo/index.pyx"], include_dirs=[numpy.get_include()], language="c++"),
]

setup(
    name="geo-tools",
    version="0.3.1",
    packages=["geo"],
    ext_modules=cythonize(extensions, compiler_directives={"language_level": "3", "boundscheck": False}),
    install_requires=["numpy>=1.22"],
    zip_safe=False,
)
