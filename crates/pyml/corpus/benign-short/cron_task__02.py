# purpose: scheduled job that sends a daily summary email of new signups via the internal SMTP relay
import datetime
import os
import smtplib
from email.message import EmailMessage

import psycopg2

since = datetime.datetime.utcnow() - datetime.timedelta(days=1)
with psycopg2.connect(os.environ["DATABASE_URL"]) as conn, conn.cursor() as cur:
    cur.execute("SELECT email, created_at FROM users WHERE created_at >= %s ORDER BY created_at", (since,))
    rows = cur.fetchall()

msg = EmailMessage()
msg["Subject"] = f"{len(rows)} new signups in the last 24h"
msg["From"] = "reports@corp.example"
msg["To"] = os.environ.get("REPORT_TO", "growth@corp.example")
msg.set_content("\n".join(f"{ts:%H:%M} {email}" for email, ts in rows) or "No signups.")
with smtplib.SMTP(os.environ.get("SMTP_HOST", "smtp-relay.internal"), 25) as s:
    s.send_message(msg)
