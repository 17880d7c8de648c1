# purpose: check for unapplied django migrations and exit non-zero so CI can block the deploy
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

executor = MigrationExecutor(connections["default"])
plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
if plan:
    for migration, _ in plan:
        print("pending:", migration)
    sys.exit(1)
print("no pending migrations")
