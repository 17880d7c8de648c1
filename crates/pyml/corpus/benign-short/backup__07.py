# purpose: export redis RDB snapshot by triggering BGSAVE and copying dump.rdb once LASTSAVE changes
import shutil, time, datetime
import redis
r = redis.Redis(host="127.0.0.1")
before = r.lastsave()
r.bgsave()
while r.lastsave() == before:
    time.sleep(1)
shutil.copy2("/data/dump.rdb", f"/backups/redis-{datetime.datetime.now():%Y%m%d%H%M}.rdb")
