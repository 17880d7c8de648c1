# purpose: render all *.j2 templates in /etc/app/templates with Jinja2 using env vars, failing on undefined variables
import os
import pathlib

from jinja2 import Environment, FileSystemLoader, StrictUndefined

tpl_dir = pathlib.Path("/etc/app/templates")
out_dir = pathlib.Path("/etc/app")
env = Environment(loader=FileSystemLoader(str(tpl_dir)), undefined=StrictUndefined, keep_trailing_newline=True)
ctx = {k.lower(): v for k, v in os.environ.items()}
ctx["workers"] = int(os.environ.get("WORKERS", os.cpu_count() or 2))
for tpl in tpl_dir.glob("*.j2"):
    target = out_dir / tpl.stem
    target.write_text(env.get_template(tpl.name).render(**ctx))
    print("rendered", target)
