#!/usr/bin/env bash
# Prepares the malicious-Python model's data under target/pyml-data (or DEST) and prints the
# directory: the malicious PyPI corpus unpacked from ../shared/data/pyml (read as text only,
# never executed or imported, never committed), and the pinned benign PyPI sdists
# (scripts/fetch-pyml-benign.sh). The standard library comes from Debian's python3.11 packages
# (libpython3.11-stdlib and libpython3.11-testsuite, installed by scripts/install-deps.sh).
#
# Usage: scripts/pyml-data.sh [DEST]
set -euo pipefail
repo_root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:-$repo_root/target/pyml-data}"
# The shared data directory sits beside the checkout (../shared); SHRIKE_SHARED_DATA overrides it,
# and /work/shared/data is the workplace's fixed location for clones made elsewhere.
archive=""
for d in "${SHRIKE_SHARED_DATA:-}" "$repo_root/../shared/data" /work/shared/data; do
    if [ -n "$d" ] && [ -f "$d/pyml/pypi-malregistry-train.tar.xz" ]; then
        archive="$d/pyml/pypi-malregistry-train.tar.xz"
        break
    fi
done
mkdir -p "$dest"
if [ ! -f "$dest/malicious/train-index.json" ]; then
    if [ -z "$archive" ]; then
        echo "pyml-data: pypi-malregistry-train.tar.xz not found in ../shared/data/pyml or \$SHRIKE_SHARED_DATA/pyml" >&2
        exit 1
    fi
    rm -rf "$dest/malicious.tmp"
    mkdir -p "$dest/malicious.tmp"
    # Regular files only; the archive holds train/<sha256>.py and train-index.json.
    tar -xJf "$archive" -C "$dest/malicious.tmp" --no-same-owner --no-same-permissions
    chmod -R a-x+X "$dest/malicious.tmp"
    rm -rf "$dest/malicious"
    mv "$dest/malicious.tmp" "$dest/malicious"
fi
"$repo_root/scripts/fetch-pyml-benign.sh" "$dest/benign" >&2
# libpython3.11-stdlib alone ships a few files of test/ (support, regrtest): look for the test
# suite's own modules, or the benign side would silently lose its ~740 test modules.
if [ ! -f /usr/lib/python3.11/test/test_os.py ]; then
    echo "pyml-data: the CPython test suite is missing from /usr/lib/python3.11/test (install libpython3.11-testsuite)" >&2
    exit 1
fi
echo "$dest"
