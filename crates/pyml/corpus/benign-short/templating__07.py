# purpose: generate a pgbouncer.ini and userlist.txt from env for a connection-pooler sidecar
import hashlib
import os

db = os.environ.get("DB_NAME", "app")
host = os.environ.get("DB_HOST", "10.0.5.10")
user = os.environ.get("DB_USER", "app")
pw = os.environ["DB_PASSWORD"]

ini = f"""[databases]
{db} = host={host} port={os.environ.get('DB_PORT', '5432')} dbname={db}

[pgbouncer]
listen_addr = 0.0.0.0
listen_port = 6432
auth_type = md5
auth_file = /etc/pgbouncer/userlist.txt
pool_mode = {os.environ.get('POOL_MODE', 'transaction')}
max_client_conn = {os.environ.get('MAX_CLIENT_CONN', '500')}
default_pool_size = {os.environ.get('DEFAULT_POOL_SIZE', '20')}
"""
with open("/etc/pgbouncer/pgbouncer.ini", "w") as fh:
    fh.write(ini)
md5 = "md5" + hashlib.md5((pw + user).encode()).hexdigest()
with open("/etc/pgbouncer/userlist.txt", "w") as fh:
    fh.write(f'"{user}" "{md5}"\n')
os.chmod("/etc/pgbouncer/userlist.txt", 0o600)
