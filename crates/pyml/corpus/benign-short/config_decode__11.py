# purpose: unpack a zlib-compressed base64 nginx config snippet shipped in a configmap annotation
import base64, zlib, os
src = os.environ.get("NGINX_SNIPPET_Z", "")
if src:
    text = zlib.decompress(base64.b64decode(src)).decode()
    with open("/etc/nginx/conf.d/snippet.conf", "w") as fh:
        fh.write(text)
    print(f"wrote {len(text.splitlines())} lines of nginx config")
