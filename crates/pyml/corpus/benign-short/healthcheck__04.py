# purpose: readiness probe for a gunicorn app that validates the JSON body of /ready and checks dependency flags
import json
import sys
import urllib.error
import urllib.request

URL = "http://localhost:8000/ready"


def main() -> int:
    try:
        with urllib.request.urlopen(URL, timeout=5) as r:
            body = json.load(r)
    except urllib.error.HTTPError as e:
        print(f"ready endpoint returned {e.code}")
        return 1
    except (urllib.error.URLError, TimeoutError, ValueError) as e:
        print(f"ready check error: {e}")
        return 1

    failing = [name for name, ok in body.get("checks", {}).items() if not ok]
    if failing:
        print("not ready, failing checks: " + ", ".join(sorted(failing)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
