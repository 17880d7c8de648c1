# purpose: discover plugins via package entry points (importlib.metadata) and instantiate them
from importlib.metadata import entry_points
plugins = {}
for ep in entry_points(group="myapp.exporters"):
    cls = ep.load()
    plugins[ep.name] = cls()
print("exporters:", ", ".join(sorted(plugins)) or "none")
