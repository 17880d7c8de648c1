#!/usr/bin/env bash
# Installs what building and testing Shrike needs on a fresh Debian machine with the stable Rust
# toolchain (rustup). Idempotent; run as root (CI is root) or with sudo.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# Debian packages: a C toolchain for crates that build C, pkg-config; clang and libbpf headers
# compile the eBPF programs; libelf and zlib build the vendored libbpf; runc, busybox-static, socat and
# iproute2 make the real containers and loopback attacks of the live tests; bpftrace is the
# reference tracer of the overhead benchmark; postgresql backs the store tests and nats-server
# (JetStream) the fleet tests; the python3.11
# standard library and its test suite are benign training and evaluation data for the
# malicious-Python model.
PACKAGES=(build-essential pkg-config clang llvm libelf-dev zlib1g-dev libbpf-dev runc busybox-static socat iproute2 python3 libpython3.11-testsuite xz-utils bpftrace postgresql nats-server chromium chromium-driver)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Rust components the test suite uses.
if command -v rustup >/dev/null 2>&1; then
  rustup component add rustfmt clippy >/dev/null 2>&1 || true
fi
cargo --version
