# purpose: wait for redis to finish loading its dataset (INFO persistence loading:0) using redis-py
import sys, time
import redis
r = redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1)
for _ in range(120):
    try:
        if r.info("persistence").get("loading") == 0:
            sys.exit(0)
    except redis.exceptions.BusyLoadingError:
        pass
    except redis.exceptions.ConnectionError:
        pass
    time.sleep(1)
sys.exit(1)
