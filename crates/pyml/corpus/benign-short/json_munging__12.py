# purpose: convert a toml pyproject's dependency list to a requirements.txt
import sys
import tomllib

with open("pyproject.toml", "rb") as fh:
    proj = tomllib.load(fh)
deps = proj.get("project", {}).get("dependencies", [])
extras = proj.get("project", {}).get("optional-dependencies", {})
for d in deps:
    print(d)
for name in sys.argv[1:]:
    for d in extras.get(name, []):
        print(d)
