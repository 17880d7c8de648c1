# purpose: configure python logging with a TimedRotatingFileHandler for a long-running worker
import logging
from logging.handlers import TimedRotatingFileHandler

handler = TimedRotatingFileHandler("/var/log/worker/worker.log", when="midnight", backupCount=7, utc=True)
handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
root = logging.getLogger()
root.setLevel(logging.INFO)
root.addHandler(handler)
logging.getLogger("worker").info("logging configured")
