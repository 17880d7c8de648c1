# purpose: decode a hex-encoded encryption key from env and verify its length before the app starts
import os, sys
key_hex = os.environ.get("APP_ENCRYPTION_KEY", "")
try:
    key = bytes.fromhex(key_hex)
except ValueError:
    sys.exit("APP_ENCRYPTION_KEY must be hex")
if len(key) != 32:
    sys.exit(f"APP_ENCRYPTION_KEY must be 32 bytes, got {len(key)}")
print("encryption key loaded")
