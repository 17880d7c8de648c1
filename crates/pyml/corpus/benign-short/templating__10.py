# purpose: build an INI config for the app from defaults overlaid with APP__SECTION__KEY env vars
import configparser, os
cfg = configparser.ConfigParser()
cfg.read("/app/defaults.ini")
for k, v in os.environ.items():
    parts = k.split("__")
    if len(parts) == 3 and parts[0] == "APP":
        section, key = parts[1].lower(), parts[2].lower()
        if not cfg.has_section(section):
            cfg.add_section(section)
        cfg.set(section, key, v)
with open("/app/app.ini", "w") as fh:
    cfg.write(fh)
