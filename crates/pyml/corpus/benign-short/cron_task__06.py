# purpose: cron job that cleans temp upload files older than an hour from the shared scratch directory
import os, time
scratch = "/scratch/uploads"
now = time.time()
for entry in os.scandir(scratch):
    if entry.is_file() and now - entry.stat().st_mtime > 3600:
        os.unlink(entry.path)
