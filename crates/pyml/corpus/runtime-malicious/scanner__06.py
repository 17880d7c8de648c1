# technique: enumerate kubernetes services via DNS SRV/A guesses and the API env vars, then probe each cluster IP for open admin endpoints
import os, socket
svcs = {k[:-len("_SERVICE_HOST")].lower().replace("_", "-"): v for k, v in os.environ.items() if k.endswith("_SERVICE_HOST")}
for guess in ("redis", "postgres", "mysql", "mongo", "elasticsearch", "grafana", "prometheus", "jenkins", "argocd-server", "vault"):
    for ns in ("default", "kube-system", "monitoring", "prod"):
        try:
            svcs[f"{guess}.{ns}"] = socket.gethostbyname(f"{guess}.{ns}.svc.cluster.local")
        except socket.gaierror:
            pass
for name, ip in svcs.items():
    for port in (80, 443, 8080, 8200, 9090, 3000, 5432, 6379):
        with socket.socket() as s:
            s.settimeout(0.3)
            if s.connect_ex((ip, port)) == 0:
                print(f"{name} {ip}:{port}")
