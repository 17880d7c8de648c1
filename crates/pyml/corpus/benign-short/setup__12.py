# purpose: setup.py that builds a Rust extension via setuptools-rust
from setuptools import setup
from setuptools_rust import Binding, RustExtension

setup(
    name="fasthash",
    version="0.5.0",
    packages=["fasthash"],
    rust_extensions=[RustExtension("fasthash._native", path="Cargo.toml", binding=Binding.PyO3, debug=False)],
    zip_safe=False,
)
