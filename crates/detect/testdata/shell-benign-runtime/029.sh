#!/bin/bash
# shrike-test-benign: python virtualenv bootstrap installing requirements with pip and hash checking
set -euo pipefail
python3 -m venv /opt/venv
. /opt/venv/bin/activate
pip install --no-cache-dir --upgrade pip wheel
pip install --no-cache-dir --require-hashes -r requirements.txt
python -c 'import app; print(app.__version__)'
