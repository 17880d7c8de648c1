# purpose: snapshot a sqlite database safely using the online backup API before copying it off-box
import sqlite3, datetime
src = sqlite3.connect("/data/app.db")
dst_path = f"/backups/app-{datetime.datetime.now():%Y%m%d-%H%M}.db"
dst = sqlite3.connect(dst_path)
with dst:
    src.backup(dst, pages=1024)
dst.close(); src.close()
print("snapshot written to", dst_path)
