#!/usr/bin/env python3
"""walletctl - thin helper around bitcoind's JSON-RPC for the ops hot wallet.

Reads RPC credentials from the node's cookie file so nobody has to paste
rpcpassword into a shell history.
"""
import argparse
import getpass
import os
import sys
import time

import requests

DATADIR = os.environ.get("BITCOIN_DATADIR", os.path.expanduser("~/.bitcoin"))
RPC_URL = os.environ.get("BITCOIN_RPC_URL", "http://127.0.0.1:8332")
WALLET = os.environ.get("BITCOIN_WALLET", "ops-hot")


def _auth():
    with open(os.path.join(DATADIR, ".cookie")) as f:
        user, _, pw = f.read().strip().partition(":")
    return user, pw


def rpc(method, *params):
    url = f"{RPC_URL}/wallet/{WALLET}"
    r = requests.post(url, json={"jsonrpc": "1.0", "id": "walletctl", "method": method,
                                 "params": list(params)}, auth=_auth(), timeout=30)
    body = r.json()
    if body.get("error"):
        raise SystemExit(f"RPC {method} failed: {body['error'].get('message')}")
    return body["result"]


def cmd_status(_):
    info = rpc("getwalletinfo")
    print(f"wallet:   {info['walletname']}")
    print(f"balance:  {info['balance']:.8f} BTC  (unconfirmed {info['unconfirmed_balance']:.8f})")
    if "unlocked_until" in info:
        print("Your wallet is encrypted.", end=" ")
        if info["unlocked_until"] == 0:
            print("It is currently locked.")
        else:
            print("Unlocked until", time.ctime(info["unlocked_until"]))
    else:
        print("WARNING: wallet is NOT encrypted. Run `walletctl encrypt` before funding it.")


def cmd_encrypt(_):
    info = rpc("getwalletinfo")
    if "unlocked_until" in info:
        print("Your wallet is already encrypted; nothing to do.")
        return
    p1 = getpass.getpass("New wallet passphrase: ")
    p2 = getpass.getpass("Repeat passphrase: ")
    if p1 != p2 or len(p1) < 12:
        sys.exit("Passphrases differ or are shorter than 12 characters.")
    print(rpc("encryptwallet", p1))
    print("Make a fresh backup now: old backups still contain unencrypted keys.")


def cmd_address(args):
    addr = rpc("getnewaddress", args.label, "bech32")
    print(f"Send bitcoin to: {addr}")
    print(f"bitcoin:{addr}?label={args.label}")


def cmd_backup(args):
    dest = os.path.abspath(args.path)
    rpc("backupwallet", dest)
    os.chmod(dest, 0o600)
    print(f"backup written to {dest}")


def main():
    ap = argparse.ArgumentParser(prog="walletctl")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("status").set_defaults(fn=cmd_status)
    sub.add_parser("encrypt").set_defaults(fn=cmd_encrypt)
    a = sub.add_parser("address")
    a.add_argument("--label", default="deposit")
    a.set_defaults(fn=cmd_address)
    b = sub.add_parser("backup")
    b.add_argument("path")
    b.set_defaults(fn=cmd_backup)
    args = ap.parse_args()
    args.fn(args)


if __name__ == "__main__":
    main()
