# purpose: mongodump the database to an archive and verify it by listing its contents with mongorestore --dryRun
import datetime
import os
import subprocess
import sys

out = f"/backups/mongo-{datetime.datetime.utcnow():%Y%m%d%H%M}.archive.gz"
uri = os.environ.get("MONGO_URL", "mongodb://10.0.6.6:27017/app")
subprocess.run(["mongodump", f"--uri={uri}", f"--archive={out}", "--gzip"], check=True)
check = subprocess.run(["mongorestore", f"--archive={out}", "--gzip", "--dryRun", "-v"], capture_output=True, text=True)
if check.returncode != 0:
    print(check.stderr, file=sys.stderr)
    sys.exit("backup verification failed")
print("backup ok:", out, os.path.getsize(out), "bytes")
