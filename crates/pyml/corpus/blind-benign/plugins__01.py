#!/usr/bin/env python3
"""Load exporter plugins from /app/plugins (shipped in the image) by path."""
import importlib.util
import logging
import pathlib
import sys

log = logging.getLogger("plugins")
PLUGIN_DIR = pathlib.Path("/app/plugins")


def load_plugins(directory=PLUGIN_DIR):
    plugins = {}
    for path in sorted(directory.glob("*.py")):
        if path.name.startswith("_"):
            continue
        name = f"app_plugins.{path.stem}"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except Exception:
            log.exception("failed to load plugin %s", path.name)
            continue
        if not hasattr(module, "register"):
            log.warning("%s has no register(); skipped", path.name)
            continue
        plugins[path.stem] = module.register()
        log.info("loaded plugin %s v%s", path.stem, getattr(module, "__version__", "?"))
    return plugins


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    for name, plugin in load_plugins().items():
        print(name, plugin)
