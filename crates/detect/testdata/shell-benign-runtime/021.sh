#!/bin/bash
# shrike-test-benign: installer for rustup in a CI image using the official sh.rustup.rs pipe
set -euo pipefail
curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --default-toolchain stable
. "$HOME/.cargo/env"
rustup component add clippy rustfmt
cargo --version
