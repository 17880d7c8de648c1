#!/usr/bin/env python3
"""Integration test for the interactive `appctl init` wizard, driven by pexpect."""
import sys

import pexpect


def test_init_wizard():
    child = pexpect.spawn("appctl init --no-color", encoding="utf-8", timeout=10)
    child.logfile_read = sys.stdout
    child.expect("Project name:")
    child.sendline("demo")
    child.expect(r"Database URL \[sqlite:///demo.db\]:")
    child.sendline("")
    child.expect(r"Enable telemetry\? \[y/N\]")
    child.sendline("n")
    child.expect("Created demo/appctl.toml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, f"exit status {child.exitstatus}"


def test_python_repl_banner():
    child = pexpect.spawn(sys.executable, ["-q"], encoding="utf-8", timeout=5)
    child.expect(">>> ")
    child.sendline("print(6 * 7)")
    child.expect("42")
    child.sendline("exit()")
    child.expect(pexpect.EOF)


if __name__ == "__main__":
    test_init_wizard()
    test_python_repl_banner()
    print("\nall interactive tests passed")
