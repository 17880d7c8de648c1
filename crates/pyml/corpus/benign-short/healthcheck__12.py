# purpose: health check for an HTTPS service with a self-signed cert on localhost, pinning the CA bundle shipped in the image
import ssl, sys, urllib.request
ctx = ssl.create_default_context(cafile="/etc/app/tls/ca.crt")
try:
    urllib.request.urlopen("https://localhost:8443/healthz", context=ctx, timeout=3)
except Exception as e:
    print("unhealthy:", e)
    sys.exit(1)
