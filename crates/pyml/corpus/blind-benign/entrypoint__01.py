#!/usr/bin/env python3
# Render nginx.conf from a template using environment variables, then exec nginx.
import os
import string
import sys

TEMPLATE = "/etc/nginx/templates/default.conf.template"
OUTPUT = "/etc/nginx/conf.d/default.conf"

defaults = {
    "NGINX_PORT": "8080",
    "UPSTREAM": "app.default.svc.cluster.local:8000",
    "SERVER_NAME": "www.example.com",
    "CLIENT_MAX_BODY_SIZE": "10m",
}
values = {k: os.environ.get(k, v) for k, v in defaults.items()}

with open(TEMPLATE) as f:
    tpl = string.Template(f.read())

try:
    rendered = tpl.substitute(values)
except KeyError as e:
    sys.exit(f"missing template variable: {e}")

with open(OUTPUT, "w") as f:
    f.write(rendered)
print(f"wrote {OUTPUT} (listen {values['NGINX_PORT']}, upstream {values['UPSTREAM']})")

os.execvp("nginx", ["nginx", "-g", "daemon off;"])
