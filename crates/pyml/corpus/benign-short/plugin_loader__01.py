# purpose: load plugin modules from the app's plugins/ directory with importlib and register their hooks
import importlib.util
import pathlib
import sys

PLUGIN_DIR = pathlib.Path(__file__).resolve().parent / "plugins"
registry = {}

for path in sorted(PLUGIN_DIR.glob("*.py")):
    if path.name.startswith("_"):
        continue
    spec = importlib.util.spec_from_file_location(f"plugins.{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    if hasattr(module, "register"):
        module.register(registry)
        print(f"loaded plugin {path.stem}")
