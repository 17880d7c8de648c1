# purpose: report installed versions of the app's key dependencies using importlib.metadata
from importlib import metadata

PACKAGES = ["django", "celery", "psycopg2-binary", "redis", "gunicorn", "requests"]

for name in PACKAGES:
    try:
        print(f"{name}=={metadata.version(name)}")
    except metadata.PackageNotFoundError:
        print(f"{name} (not installed)")
