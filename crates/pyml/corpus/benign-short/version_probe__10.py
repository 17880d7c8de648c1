# purpose: print the Django version and the active settings module for troubleshooting
import os
import django
print("django", django.get_version())
print("settings", os.environ.get("DJANGO_SETTINGS_MODULE", "<unset>"))
