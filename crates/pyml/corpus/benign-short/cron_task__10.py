# purpose: APScheduler-based background scheduler for a worker container, with jobs for reindexing and stats rollup
import logging
import signal
import sys

from apscheduler.schedulers.blocking import BlockingScheduler

from app import jobs

logging.basicConfig(level=logging.INFO)
sched = BlockingScheduler(timezone="UTC")
sched.add_job(jobs.reindex_search, "interval", minutes=30, id="reindex", max_instances=1, coalesce=True)
sched.add_job(jobs.rollup_stats, "cron", hour=1, minute=5, id="rollup")
sched.add_job(jobs.expire_tokens, "cron", minute="*/10", id="expire-tokens")
signal.signal(signal.SIGTERM, lambda *_: (sched.shutdown(wait=False), sys.exit(0)))
sched.start()
