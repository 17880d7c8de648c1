# purpose: load data-pipeline step classes by dotted path from a local YAML pipeline definition
import importlib
import yaml

with open("/app/pipeline.yaml") as fh:
    spec = yaml.safe_load(fh)
steps = []
for step in spec["steps"]:
    module_path, cls_name = step["class"].rsplit(".", 1)
    cls = getattr(importlib.import_module(module_path), cls_name)
    steps.append(cls(**step.get("options", {})))
data = None
for s in steps:
    data = s.run(data)
