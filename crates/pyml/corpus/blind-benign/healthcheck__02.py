#!/usr/bin/env python3
"""TCP liveness probe: succeed if something is listening on host:port."""
import argparse
import socket
import sys


def port_open(host: str, port: int, timeout: float) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5432)
    parser.add_argument("--timeout", type=float, default=2.0)
    args = parser.parse_args()

    if port_open(args.host, args.port, args.timeout):
        return 0
    print(f"{args.host}:{args.port} is not accepting connections", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
