#!/usr/bin/env bash
# Fetches the benign Python corpus for the malicious-Python classifier: the sdists pinned in
# scripts/pyml-benign-packages.txt, downloaded from PyPI and unpacked to their *.py files only.
#
# Usage: scripts/fetch-pyml-benign.sh [DEST]      (DEST defaults to target/pyml-benign)
#
# Layout under DEST:
#   sdist/<file>              the archive exactly as PyPI serves it
#   sdist/<name>-<version>.sha256   "<sha256>  <file>", written once the digest checked out
#   src/<name>-<version>/     the *.py files of that sdist (top-level folder stripped)
#
# No package code ever runs. There is no pip, no build backend and no setup.py: the script asks
# PyPI's JSON API for the sdist's URL and sha256 (https://pypi.org/pypi/<name>/<version>/json,
# or https://pypi.org/pypi/<name>/json where a mirror lacks the per-release endpoint), downloads
# it from files.pythonhosted.org, checks the digest, and reads the archive with Python's
# tarfile/zipfile, writing out regular *.py members only. Those two hosts are the only ones
# contacted, and only over HTTPS.
#
# Re-running is cheap: an sdist whose file still matches its recorded digest is not fetched
# again (no network at all when everything is cached), and an existing src/<name>-<version>/ is
# kept, because it is only ever created by an atomic rename after a complete extraction.
#
# Environment: PYML_BENIGN_LIST overrides the package list; PYML_BENIGN_JOBS the number of
# parallel downloads (default 8).
set -euo pipefail

repo_root="$(cd "$(dirname "$0")/.." && pwd)"

if [ "$#" -gt 1 ] || [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
  [ "$#" -le 1 ] && exit 0 || exit 2
fi

dest="${1:-$repo_root/target/pyml-benign}"
list="${PYML_BENIGN_LIST:-$repo_root/scripts/pyml-benign-packages.txt}"
jobs="${PYML_BENIGN_JOBS:-8}"

if ! command -v python3 >/dev/null 2>&1; then
  echo "fetch-pyml-benign: python3 is required" >&2
  exit 1
fi
if [ ! -f "$list" ]; then
  echo "fetch-pyml-benign: package list not found: $list" >&2
  exit 1
fi
mkdir -p "$dest"

exec python3 - "$list" "$dest" "$jobs" <<'PY'
import concurrent.futures
import hashlib
import json
import os
import re
import shutil
import stat
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile

LIST, DEST, JOBS = sys.argv[1], os.path.abspath(sys.argv[2]), int(sys.argv[3])
SDIST_DIR = os.path.join(DEST, "sdist")
SRC_DIR = os.path.join(DEST, "src")
JSON_RELEASE_URL = "https://pypi.org/pypi/{name}/{version}/json"
JSON_PROJECT_URL = "https://pypi.org/pypi/{name}/json"
ALLOWED_HOSTS = {"pypi.org", "files.pythonhosted.org"}
USER_AGENT = "shrike-fetch-pyml-benign/1 (+python urllib)"
ATTEMPTS = 3
TIMEOUT = 60  # seconds, per network operation
# A single .py file bigger than this is almost certainly generated data, and an archive that
# expands to more .py than the total cap is treated as hostile (decompression bomb).
MAX_PY_FILE = 20 * 1024 * 1024
MAX_PY_TOTAL = 1024 * 1024 * 1024

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9][A-Za-z0-9.+!_-]*)$")


class Failure(Exception):
    """A package that could not be fetched or unpacked; the message names it."""


def log(msg):
    print(f"fetch-pyml-benign: {msg}", file=sys.stderr, flush=True)


def read_list(path):
    pins, seen = [], set()
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            m = PIN.match(line)
            if not m:
                sys.exit(f"fetch-pyml-benign: {path}:{lineno}: expected name==version, got {line!r}")
            name, version = m.groups()
            key = re.sub(r"[-_.]+", "-", name).lower()
            if key in seen:
                sys.exit(f"fetch-pyml-benign: {path}:{lineno}: {name} is listed twice")
            seen.add(key)
            pins.append((name, version))
    if not pins:
        sys.exit(f"fetch-pyml-benign: {path} lists no packages")
    return pins


def check_url(url):
    u = urllib.parse.urlsplit(url)
    if u.scheme != "https" or u.hostname not in ALLOWED_HOSTS:
        raise Failure(f"refusing to contact {url}: only https to {sorted(ALLOWED_HOSTS)} is allowed")


def with_retries(what, fn):
    """Runs fn up to ATTEMPTS times, backing off between tries; re-raises the last error."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return fn()
        except Failure:
            raise  # not transient: a policy problem will not fix itself
        except urllib.error.HTTPError as e:
            if 400 <= e.code < 500 and e.code not in (408, 429):
                raise  # the release or file does not exist: retrying will not help
            if attempt == ATTEMPTS:
                raise Failure(f"{what}: {e} (after {ATTEMPTS} attempts)") from e
            log(f"{what}: {e}; retrying ({attempt}/{ATTEMPTS})")
            time.sleep(2 * attempt)
        except Exception as e:  # network errors, timeouts, HTTP 5xx, truncated bodies
            if attempt == ATTEMPTS:
                raise Failure(f"{what}: {e} (after {ATTEMPTS} attempts)") from e
            log(f"{what}: {e}; retrying ({attempt}/{ATTEMPTS})")
            time.sleep(2 * attempt)


def http_get(url):
    check_url(url)
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    resp = urllib.request.urlopen(req, timeout=TIMEOUT)
    # Redirects are followed by urllib; make sure they did not leave the allowed hosts.
    check_url(resp.geturl())
    return resp


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def cached_sdist(name, version):
    """The path of a previously downloaded sdist that still matches its digest, or None."""
    record = os.path.join(SDIST_DIR, f"{name}-{version}.sha256")
    try:
        with open(record, encoding="utf-8") as f:
            digest, filename = f.read().split()
    except (OSError, ValueError):
        return None
    path = os.path.join(SDIST_DIR, os.path.basename(filename))
    if os.path.isfile(path) and sha256_of(path) == digest:
        return path
    return None


def fetch_json(what, url):
    def fetch():
        with http_get(url) as resp:
            return json.load(resp)

    return with_retries(what, fetch)


def release_files(name, version):
    """The list of files PyPI has for name==version, each with filename, url and digests.

    PyPI's per-release endpoint is small, so it is tried first. Some PyPI mirrors only serve the
    per-project endpoint (every release of the project), so a 404 falls back to that one."""
    qname, qversion = urllib.parse.quote(name), urllib.parse.quote(version)
    url = JSON_RELEASE_URL.format(name=qname, version=qversion)
    try:
        files = fetch_json(f"{name}=={version}: metadata", url).get("urls", [])
    except urllib.error.HTTPError as e:
        if e.code != 404:
            raise Failure(f"{name}=={version}: metadata: {e}") from e
        url = JSON_PROJECT_URL.format(name=qname)
        try:
            meta = fetch_json(f"{name}: project metadata", url)
        except urllib.error.HTTPError as e2:
            if e2.code == 404:
                raise Failure(f"{name}=={version}: no such project on PyPI") from e2
            raise Failure(f"{name}=={version}: project metadata: {e2}") from e2
        files = meta.get("releases", {}).get(version)
        if files is None:
            raise Failure(f"{name}=={version}: no such release on PyPI")
    # pypi.org gives absolute file URLs; mirrors may give them relative to the metadata URL.
    # check_url() later rejects anything that does not resolve to an allowed host.
    return [dict(f, url=urllib.parse.urljoin(url, f.get("url", ""))) for f in files]


def pick_sdist(name, version):
    """Finds the release's sdist on PyPI: (filename, url, sha256, size)."""
    sdists = [u for u in release_files(name, version) if u.get("packagetype") == "sdist"]
    if not sdists:
        raise Failure(f"{name}=={version}: the release has no sdist on PyPI (wheel-only?)")
    # A few old releases carry both a .tar.gz and a .zip; prefer the tarball.
    sdists.sort(key=lambda u: (not u["filename"].endswith((".tar.gz", ".tgz")), u["filename"]))
    chosen = sdists[0]
    filename = chosen["filename"]
    if os.path.basename(filename) != filename or filename.startswith("."):
        raise Failure(f"{name}=={version}: suspicious sdist file name {filename!r}")
    digest = chosen.get("digests", {}).get("sha256")
    if not digest or not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise Failure(f"{name}=={version}: PyPI gave no sha256 for {filename}")
    return filename, chosen["url"], digest, chosen.get("size")


def download(name, version):
    """Returns (path, fetched) for the verified sdist of name==version."""
    path = cached_sdist(name, version)
    if path:
        return path, False
    filename, url, digest, size = pick_sdist(name, version)
    path = os.path.join(SDIST_DIR, filename)

    def fetch():
        fd, part = tempfile.mkstemp(prefix=f".{filename}.", suffix=".part", dir=SDIST_DIR)
        try:
            h = hashlib.sha256()
            with os.fdopen(fd, "wb") as out, http_get(url) as resp:
                for chunk in iter(lambda: resp.read(1 << 20), b""):
                    h.update(chunk)
                    out.write(chunk)
            got = h.hexdigest()
            if got != digest:
                # Could be a truncated transfer, so this one is worth a retry.
                raise IOError(f"sha256 mismatch for {filename}: expected {digest}, got {got}")
            if size is not None and os.path.getsize(part) != size:
                raise IOError(f"size mismatch for {filename}")
            os.replace(part, path)
        finally:
            if os.path.exists(part):
                os.unlink(part)

    with_retries(f"{name}=={version}: download {filename}", fetch)
    record = os.path.join(SDIST_DIR, f"{name}-{version}.sha256")
    with open(record + ".tmp", "w", encoding="utf-8") as f:
        f.write(f"{digest}  {filename}\n")
    os.replace(record + ".tmp", record)
    return path, True


def safe_relpath(member):
    """Normalises an archive member name to a relative path, or None if it could escape."""
    name = member.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    return parts  # empty for the archive's root entry ("./"), which callers skip


def py_members(path):
    """Yields (parts, size, opener) for each regular *.py file in the archive, rejecting any
    member whose name is absolute or climbs out with '..'. Links, devices and directories are
    never extracted; every other file type is simply skipped."""
    if path.endswith(".zip"):
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                parts = safe_relpath(info.filename)
                if parts is None:
                    raise Failure(f"unsafe member {info.filename!r} in {os.path.basename(path)}")
                mode = info.external_attr >> 16
                if not parts or info.is_dir() or (mode and not stat.S_ISREG(mode)):
                    continue
                if parts[-1].endswith(".py"):
                    yield parts, info.file_size, (lambda i=info: zf.open(i))
    else:
        with tarfile.open(path, "r:*") as tf:
            for info in tf:
                parts = safe_relpath(info.name)
                if parts is None:
                    raise Failure(f"unsafe member {info.name!r} in {os.path.basename(path)}")
                if not parts or not info.isreg():
                    continue
                if parts[-1].endswith(".py"):
                    yield parts, info.size, (lambda i=info: tf.extractfile(i))


def extract(name, version, archive):
    """Unpacks the *.py files of archive into src/<name>-<version>/ (atomically)."""
    final = os.path.join(SRC_DIR, f"{name}-{version}")
    if os.path.isdir(final):
        return False
    tmp = tempfile.mkdtemp(prefix=f".{name}-{version}.", dir=SRC_DIR)
    try:
        total = 0
        written = []
        for parts, size, opener in py_members(archive):
            if size > MAX_PY_FILE:
                log(f"{name}=={version}: skipping oversized {'/'.join(parts)} ({size} bytes)")
                continue
            total += size
            if total > MAX_PY_TOTAL:
                raise Failure(f"{name}=={version}: archive expands to over {MAX_PY_TOTAL} bytes of .py")
            target = os.path.join(tmp, *parts)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with opener() as src, open(target, "wb") as out:
                shutil.copyfileobj(src, out, 1 << 20)
            written.append(parts)
        if not written:
            raise Failure(f"{name}=={version}: the sdist contains no .py files")
        # sdists wrap everything in one <name>-<version>/ folder; drop it so src/<name>-<version>/
        # is not nested twice.
        tops = {p[0] for p in written}
        root = tmp
        if len(tops) == 1 and all(len(p) > 1 for p in written):
            root = os.path.join(tmp, tops.pop())
        os.replace(root, final)
        return True
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError) as e:
        raise Failure(f"{name}=={version}: cannot unpack {os.path.basename(archive)}: {e}") from e
    finally:
        if os.path.exists(tmp):
            shutil.rmtree(tmp, ignore_errors=True)


def fetch_one(pin):
    name, version = pin
    try:
        archive, fetched = download(name, version)
        unpacked = extract(name, version, archive)
        return name, version, fetched, unpacked
    except Failure:
        raise
    except Exception as e:  # anything unexpected still has to name the package
        raise Failure(f"{name}=={version}: {type(e).__name__}: {e}") from e


def main():
    pins = read_list(LIST)
    os.makedirs(SDIST_DIR, exist_ok=True)
    os.makedirs(SRC_DIR, exist_ok=True)
    # Leftovers of an interrupted run (partial downloads, half-extracted trees).
    for d in (SDIST_DIR, SRC_DIR):
        for entry in os.listdir(d):
            if entry.startswith("."):
                p = os.path.join(d, entry)
                shutil.rmtree(p) if os.path.isdir(p) else os.unlink(p)

    start = time.monotonic()
    failures, fetched, unpacked = [], 0, 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, JOBS)) as pool:
        futures = {pool.submit(fetch_one, pin): pin for pin in pins}
        for fut in concurrent.futures.as_completed(futures):
            name, version = futures[fut]
            try:
                _, _, f, u = fut.result()
            except Failure as e:
                failures.append(str(e))
                log(f"FAILED {e}")
                continue
            fetched += f
            unpacked += u
            if f or u:
                log(f"{name}=={version}: {'downloaded' if f else 'cached'}, {'unpacked' if u else 'already unpacked'}")

    if failures:
        log(f"{len(failures)} of {len(pins)} packages failed:")
        for msg in sorted(failures):
            log(f"  {msg}")
        sys.exit(1)

    wanted = {f"{n}-{v}" for n, v in pins}
    stale = sorted(e for e in os.listdir(SRC_DIR) if e not in wanted and not e.startswith("."))
    if stale:
        log(f"note: {len(stale)} folders in {SRC_DIR} are not in the list (left alone): {', '.join(stale)}")

    files = size = 0
    for entry in sorted(wanted):
        for root, _, names in os.walk(os.path.join(SRC_DIR, entry)):
            for n in names:
                if n.endswith(".py"):
                    files += 1
                    size += os.path.getsize(os.path.join(root, n))
    elapsed = time.monotonic() - start
    print(f"pyml-benign: {len(pins)} packages ({fetched} downloaded, {unpacked} unpacked), "
          f"{files} .py files, {size} bytes in {SRC_DIR} ({elapsed:.1f}s)")


main()
PY
