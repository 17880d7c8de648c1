# purpose: nightly job that syncs users from the corporate LDAP into the app database
import os

import ldap3
import psycopg2

server = ldap3.Server(os.environ.get("LDAP_URL", "ldaps://ldap.corp.example"))
conn = ldap3.Connection(server, os.environ["LDAP_BIND_DN"], os.environ["LDAP_BIND_PW"], auto_bind=True)
conn.search("ou=people,dc=corp,dc=example", "(objectClass=inetOrgPerson)", attributes=["uid", "mail", "cn"])
people = [(e.uid.value, e.mail.value, e.cn.value) for e in conn.entries if e.mail.value]

with psycopg2.connect(os.environ["DATABASE_URL"]) as db, db.cursor() as cur:
    for uid, mail, cn in people:
        cur.execute(
            "INSERT INTO users (username, email, full_name) VALUES (%s, %s, %s) "
            "ON CONFLICT (username) DO UPDATE SET email = EXCLUDED.email, full_name = EXCLUDED.full_name",
            (uid, mail, cn),
        )
print(f"synced {len(people)} users")
