# purpose: gRPC health check using the standard grpc.health.v1 service on localhost
import sys

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

channel = grpc.insecure_channel("localhost:50051")
stub = health_pb2_grpc.HealthStub(channel)
try:
    resp = stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=2)
except grpc.RpcError as err:
    print("health rpc failed:", err.code())
    sys.exit(1)
sys.exit(0 if resp.status == health_pb2.HealthCheckResponse.SERVING else 1)
