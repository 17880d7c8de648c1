# purpose: convert a YAML config file to JSON for tools that only read JSON
import json, sys
import yaml
with open(sys.argv[1]) as fh:
    data = yaml.safe_load(fh)
json.dump(data, sys.stdout, indent=2, sort_keys=True)
print()
