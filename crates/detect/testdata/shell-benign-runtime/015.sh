#!/bin/sh
# shrike-test-benign: python app entrypoint running migrations then gunicorn
set -e
until python -c "import socket,os; socket.create_connection((os.environ.get('DB_HOST','db'), int(os.environ.get('DB_PORT','5432'))), 2)" 2>/dev/null; do
  echo "db not ready, sleeping"; sleep 2
done
python manage.py migrate --noinput
python manage.py collectstatic --noinput
exec gunicorn app.wsgi:application --bind 0.0.0.0:8000 --workers "${WEB_CONCURRENCY:-3}"
