# purpose: execute a site-local settings override file (settings_local.py) into the settings namespace, Django-style
import os

BASE_DIR = os.path.dirname(os.path.abspath(__file__))
DEBUG = False
ALLOWED_HOSTS = ["localhost"]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app"}}

_local = os.path.join(BASE_DIR, "settings_local.py")
if os.path.exists(_local):
    with open(_local) as fh:
        exec(compile(fh.read(), _local, "exec"), globals())
