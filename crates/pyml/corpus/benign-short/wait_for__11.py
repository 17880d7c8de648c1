# purpose: wait for vault to be unsealed before the app fetches secrets
import json, sys, time, urllib.request
for _ in range(60):
    try:
        st = json.load(urllib.request.urlopen("http://vault.vault.svc:8200/v1/sys/seal-status", timeout=2))
        if not st.get("sealed", True):
            sys.exit(0)
    except Exception:
        pass
    time.sleep(2)
sys.exit("vault still sealed")
