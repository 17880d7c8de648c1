# purpose: mysql logical backup with mysqldump streamed through gzip into a dated file, reporting duration
import gzip, os, subprocess, time, datetime
start = time.time()
out = f"/backups/mysql-{datetime.date.today()}.sql.gz"
p = subprocess.Popen(["mysqldump", "--single-transaction", "--routines", "-h", os.getenv("MYSQL_HOST", "127.0.0.1"),
                      "-u", os.getenv("MYSQL_USER", "backup"), f"-p{os.getenv('MYSQL_PASSWORD', '')}", "--all-databases"],
                     stdout=subprocess.PIPE)
with gzip.open(out, "wb") as fh:
    for chunk in iter(lambda: p.stdout.read(65536), b""):
        fh.write(chunk)
if p.wait() != 0:
    raise SystemExit("mysqldump failed")
print(f"{out} written in {time.time() - start:.1f}s")
