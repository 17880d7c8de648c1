# purpose: verify that the installed openssl linked into python supports TLS 1.3 and print the version string
import ssl
import sys

print(ssl.OPENSSL_VERSION)
print("TLSv1.3:", ssl.HAS_TLSv1_3)
sys.exit(0 if ssl.HAS_TLSv1_3 else 1)
