# purpose: simple in-container scheduler loop running a task every N minutes with the schedule library
import time
import schedule
import subprocess

def refresh_cache():
    subprocess.run(["python", "manage.py", "refresh_search_index"], check=False)

schedule.every(15).minutes.do(refresh_cache)
schedule.every().day.at("03:00").do(lambda: subprocess.run(["python", "manage.py", "clearsessions"]))
while True:
    schedule.run_pending()
    time.sleep(30)
