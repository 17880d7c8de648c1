# purpose: test helper that runs the CLI under test in a pty with pexpect and checks its interactive prompts
import sys
import pexpect

child = pexpect.spawn("python", ["-m", "app.cli", "init"], encoding="utf-8", timeout=10)
child.logfile_read = sys.stdout
child.expect("Project name:")
child.sendline("demo")
child.expect(r"Use defaults\? \[Y/n\]")
child.sendline("y")
child.expect(pexpect.EOF)
child.close()
sys.exit(child.exitstatus)
