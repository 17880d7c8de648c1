# purpose: copytruncate rotation for an app that cannot reopen its log: copy to a dated file, then truncate the original
import datetime, gzip, os, shutil
src = "/app/logs/server.log"
dst = f"/app/logs/server-{datetime.datetime.utcnow():%Y%m%dT%H%M%S}.log.gz"
with open(src, "rb") as fi, gzip.open(dst, "wb") as fo:
    shutil.copyfileobj(fi, fo)
with open(src, "r+") as fh:
    fh.truncate(0)
print("rotated to", dst, os.path.getsize(dst), "bytes")
