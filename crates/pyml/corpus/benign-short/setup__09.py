# purpose: setup.py that generates protobuf/gRPC stubs with grpc_tools during build_py
import glob
from setuptools import setup
from setuptools.command.build_py import build_py


class BuildProtos(build_py):
    def run(self):
        from grpc_tools import protoc
        for proto in glob.glob("protos/*.proto"):
            rc = protoc.main(["grpc_tools.protoc", "-Iprotos", "--python_out=svc/gen", "--grpc_python_out=svc/gen", proto])
            if rc != 0:
                raise RuntimeError(f"protoc failed for {proto}")
        super().run()


setup(
    name="svc",
    version="0.4.0",
    packages=["svc", "svc.gen"],
    setup_requires=["grpcio-tools"],
    install_requires=["grpcio", "protobuf"],
    cmdclass={"build_py": BuildProtos},
)
