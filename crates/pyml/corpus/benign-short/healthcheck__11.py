# purpose: mysql health check using PyMySQL to run SELECT 1 with credentials from env
import os, sys
import pymysql
try:
    conn = pymysql.connect(host=os.getenv("MYSQL_HOST", "127.0.0.1"), user=os.getenv("MYSQL_USER", "healthcheck"),
                           password=os.getenv("MYSQL_PASSWORD", ""), connect_timeout=3)
    with conn.cursor() as cur:
        cur.execute("SELECT 1")
        cur.fetchone()
    conn.close()
except pymysql.MySQLError as e:
    print(e, file=sys.stderr)
    sys.exit(1)
