# purpose: load template filters from a local filters package using pkgutil.iter_modules and attach them to the jinja env
import importlib
import pkgutil

import filters  # local package
from jinja2 import Environment

env = Environment()
for info in pkgutil.iter_modules(filters.__path__):
    mod = importlib.import_module(f"filters.{info.name}")
    for name in getattr(mod, "__all__", []):
        env.filters[name] = getattr(mod, name)
print(sorted(env.filters)[:20])
