# purpose: compress yesterday's date-stamped logs with zstd via subprocess and move them to an archive directory
import datetime
import glob
import os
import shutil
import subprocess

yesterday = (datetime.date.today() - datetime.timedelta(days=1)).strftime("%Y-%m-%d")
archive = "/var/log/app/archive"
os.makedirs(archive, exist_ok=True)
for path in glob.glob(f"/var/log/app/*-{yesterday}.log"):
    subprocess.run(["zstd", "-q", "--rm", "-19", path], check=True)
    shutil.move(path + ".zst", archive)
    print("archived", os.path.basename(path))
