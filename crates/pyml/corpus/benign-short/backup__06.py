# purpose: rsync a persistent volume to a backup host over ssh with a dated hardlinked snapshot
import datetime
import subprocess

today = datetime.date.today().isoformat()
dest = "backup@10.0.9.20:/srv/snapshots"
subprocess.run([
    "rsync", "-a", "--delete", "--link-dest=../latest",
    "-e", "ssh -i /etc/backup/id_ed25519 -o StrictHostKeyChecking=yes",
    "/var/lib/app/", f"{dest}/{today}/",
], check=True)
subprocess.run(["ssh", "-i", "/etc/backup/id_ed25519", "backup@10.0.9.20",
                f"ln -sfn /srv/snapshots/{today} /srv/snapshots/latest"], check=True)
