#!/usr/bin/env bash
# Builds the benign shell-script corpus for evaluating the "Malicious Script Executed" scoring
# of shell scripts: real scripts taken from the Debian packages listed in
# scripts/shell-benign-packages.txt, plus this host's own dpkg maintainer scripts. Nothing is
# committed; the packages are downloaded when the corpus is needed.
#
# Usage: scripts/fetch-shell-benign.sh [DEST_DIR]    (DEST_DIR defaults to target/shell-benign)
#
# Layout under DEST_DIR:
#   debs/<package>_<version>_<arch>.deb   the packages, as `apt-get download` fetched them
#   files/<package>/<path>                every shell script of the package's data, e.g.
#                                         files/git/usr/lib/git-core/git-sh-setup
#   files/<package>/DEBIAN/<script>       its maintainer scripts (preinst, postinst, prerm,
#                                         postrm, config) when they are shell
#   files/host-dpkg/<package>.<script>    shell maintainer scripts from /var/lib/dpkg/info
#   MANIFEST                              "<sha256><TAB><path relative to DEST_DIR>" per file,
#                                         sorted by path, then "# files: N packages: M"
#                                         (M = folders under files/ that kept at least one file)
#
# A file is kept when it is a regular file (not a link) of at most 1 MiB with no NUL byte, and
#   - its first line is a shebang naming sh, bash, dash, ash, ksh (ksh93, mksh) or busybox
#     sh/ash, directly or through env ("#!/bin/sh", "#! /bin/bash -e", "#!/usr/bin/env bash"), or
#   - it lies under usr/share/bash-completion/completions/ (bash completions have no shebang), or
#   - its name ends in .sh and it has no shebang naming another interpreter.
# zsh, fish and csh/tcsh scripts are never kept, whatever their name. Copies carry mode 0644.
# Files with the same content are kept once (sha256), under the smallest path in byte order.
#
# Nothing from a package is ever run: debs are only unpacked with `dpkg-deb -x` / `dpkg-deb -e`
# into a temporary folder. apt-get needs current package lists (`apt-get update`).
#
# Idempotent: when DEST_DIR/MANIFEST is complete (its last line counts the file lines above it,
# every listed file exists, and the package list is unchanged since it was written) the script
# exits 0 at once. Otherwise files/ is rebuilt from scratch; debs already in debs/ are reused.
#
# Fails (non-zero, naming the package) when a package is unknown or its download or unpacking
# fails, and fails when the corpus ends up with fewer than SHELL_BENIGN_MIN files (default 2000).
#
# Environment: SHELL_BENIGN_LIST overrides the package list; SHELL_BENIGN_MIN the minimum count.
set -euo pipefail

repo_root="$(cd "$(dirname "$0")/.." && pwd)"

if [ "$#" -gt 1 ] || [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
  [ "$#" -le 1 ] && exit 0 || exit 2
fi

dest="${1:-$repo_root/target/shell-benign}"
list="${SHELL_BENIGN_LIST:-$repo_root/scripts/shell-benign-packages.txt}"
min_files="${SHELL_BENIGN_MIN:-2000}"

die() {
  echo "fetch-shell-benign: $*" >&2
  exit 1
}
log() { echo "fetch-shell-benign: $*" >&2; }

for tool in apt-get apt-cache dpkg-deb python3 sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is required"
done
[ -f "$list" ] || die "package list not found: $list"

mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
manifest="$dest/MANIFEST"
list_stamp="$dest/.package-list.sha256"
list_sum="$(sha256sum < "$list" | cut -d' ' -f1)"

# --- fast path: a complete corpus is already there ------------------------------------------
manifest_complete() {
  [ -f "$manifest" ] && [ -f "$list_stamp" ] || return 1
  [ "$(cat "$list_stamp")" = "$list_sum" ] || return 1
  python3 - "$dest" <<'PY'
import os, re, sys
dest = sys.argv[1]
with open(os.path.join(dest, "MANIFEST"), encoding="utf-8") as f:
    lines = f.read().splitlines()
if not lines:
    sys.exit(1)
m = re.fullmatch(r"# files: (\d+) packages: (\d+)", lines[-1])
body = lines[:-1]
if not m or int(m.group(1)) != len(body) or not body:
    sys.exit(1)
for line in body:
    digest, _, path = line.partition("\t")
    if len(digest) != 64 or not os.path.isfile(os.path.join(dest, path)):
        sys.exit(1)
PY
}

if manifest_complete; then
  echo "shell-benign: $(tail -n1 "$manifest" | sed 's/^# //') (complete, nothing to do) in $dest"
  exit 0
fi

# --- read the package list ------------------------------------------------------------------
packages=()
while IFS= read -r raw || [ -n "$raw" ]; do
  line="${raw%%#*}"
  line="$(echo "$line" | tr -d '[:space:]')"
  [ -n "$line" ] || continue
  case "$line" in
    *[!a-z0-9.+-]*) die "$list: not a Debian package name: '$line'" ;;
  esac
  packages+=("$line")
done < "$list"
[ "${#packages[@]}" -gt 0 ] || die "$list lists no packages"
dups="$(printf '%s\n' "${packages[@]}" | sort | uniq -d)"
[ -z "$dups" ] || die "$list lists these packages twice: $(echo $dups)"

# --- download ---------------------------------------------------------------------------------
debs="$dest/debs"
mkdir -p "$debs"

# The cached deb of a package, if any (newest version first when several are cached).
cached_deb() {
  ls -1v "$debs/$1"_*.deb 2>/dev/null | tail -n1
}

fetched=0
updated=0
for pkg in "${packages[@]}"; do
  if [ -n "$(cached_deb "$pkg")" ]; then
    continue
  fi
  candidate="$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ {print $2}')"
  if { [ -z "$candidate" ] || [ "$candidate" = "(none)" ]; } && [ "$updated" -eq 0 ] && [ "$(id -u)" -eq 0 ]; then
    # A fresh machine may have no package lists yet: read them once, then ask again.
    log "no candidate for $pkg: running apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || die "apt-get update failed"
    updated=1
    candidate="$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ {print $2}')"
  fi
  if [ -z "$candidate" ] || [ "$candidate" = "(none)" ]; then
    die "package '$pkg' has no installable version in apt's lists (run 'apt-get update', or drop it from $list)"
  fi
  log "downloading $pkg"
  # apt-get download writes into the working directory. As root, apt would drop to the _apt
  # user to write the file; the sandbox user is set to root so a root-owned DEST works.
  if ! (cd "$debs" && apt-get download -q -o APT::Sandbox::User=root "$pkg" >/dev/null); then
    die "download of package '$pkg' failed"
  fi
  [ -n "$(cached_deb "$pkg")" ] || die "download of package '$pkg' left no .deb in $debs"
  fetched=$((fetched + 1))
done

# --- unpack and select --------------------------------------------------------------------------
work="$(mktemp -d "$dest/.work.XXXXXX")"
trap 'rm -rf "$work"' EXIT
staging="$work/files"
mkdir -p "$staging"

for pkg in "${packages[@]}"; do
  deb="$(cached_deb "$pkg")"
  tree="$work/tree"
  rm -rf "$tree"
  mkdir -p "$tree/data" "$tree/control"
  if ! dpkg-deb -x "$deb" "$tree/data" || ! dpkg-deb -e "$deb" "$tree/control"; then
    die "cannot unpack package '$pkg' ($deb); delete it to download again"
  fi
  # Only maintainer scripts are interesting from the control part.
  mkdir -p "$tree/data/DEBIAN"
  for s in preinst postinst prerm postrm config; do
    [ -f "$tree/control/$s" ] && cp "$tree/control/$s" "$tree/data/DEBIAN/$s"
  done
  n="$(python3 - select "$tree/data" "$staging/$pkg" <<'PY'
import os, re, shutil, sys

MAX = 1 << 20
SHELLS = {"sh", "bash", "dash", "ash", "ksh", "ksh93", "mksh"}
NOT_SHELL_EXT = (".zsh", ".fish", ".csh", ".tcsh")
COMPLETIONS = "usr/share/bash-completion/completions/"


def interpreter(first):
    """The shell a shebang line names ('bash', ...), '' if it names something else, None if
    the line is no shebang at all."""
    if not first.startswith(b"#!"):
        return None
    words = first[2:].decode("latin-1").split()
    if not words:
        return ""
    prog = os.path.basename(words[0])
    args = words[1:]
    if prog == "env":
        args = [a for a in args if not a.startswith("-") and "=" not in a]
        if not args:
            return ""
        prog, args = os.path.basename(args[0]), args[1:]
    if prog == "busybox":
        return "sh" if args and args[0] in ("sh", "ash") else ""
    return prog if prog in SHELLS else ""


def keep(rel, path):
    st = os.lstat(path)
    if not os.path.isfile(path) or os.path.islink(path) or st.st_size > MAX or st.st_size == 0:
        return False
    if rel.endswith(NOT_SHELL_EXT):
        return False
    with open(path, "rb") as f:
        data = f.read(MAX + 1)
    if b"\0" in data:
        return False
    shell = interpreter(data.split(b"\n", 1)[0].strip())
    if shell:
        return True
    if shell == "":  # a shebang naming another interpreter (python, perl, zsh, ...)
        return False
    return rel.startswith(COMPLETIONS) or rel.endswith(".sh")


src, out = sys.argv[2], sys.argv[3]
kept = 0
for root, dirs, files in os.walk(src):
    dirs.sort()
    for name in sorted(files):
        path = os.path.join(root, name)
        rel = os.path.relpath(path, src).replace(os.sep, "/")
        if "\n" in rel or "\t" in rel:
            continue  # cannot be written as one MANIFEST line
        if keep(rel, path):
            target = os.path.join(out, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(path, target)
            os.chmod(target, 0o644)
            kept += 1
print(kept)
PY
)" || die "cannot scan package '$pkg'"
  log "$pkg: $n shell scripts"
  rm -rf "$tree"
done

# Host maintainer scripts (these packages are installed here; most are not in the list).
python3 - host "$staging/host-dpkg" <<'PY'
import glob, os, shutil, sys
out = sys.argv[2]
os.makedirs(out, exist_ok=True)
for path in sorted(glob.glob("/var/lib/dpkg/info/*")):
    if not path.endswith((".preinst", ".postinst", ".prerm", ".postrm", ".config")):
        continue
    if not os.path.isfile(path) or os.path.getsize(path) > (1 << 20):
        continue
    with open(path, "rb") as f:
        data = f.read()
    if b"\0" in data or not data.startswith(b"#!"):
        continue
    words = data.split(b"\n", 1)[0][2:].decode("latin-1").split()
    if not words:
        continue
    prog = os.path.basename(words[0])
    if prog == "env":
        rest = [w for w in words[1:] if not w.startswith("-")]
        prog = os.path.basename(rest[0]) if rest else ""
    if prog in {"sh", "bash", "dash", "ash", "ksh", "ksh93", "mksh"}:
        target = os.path.join(out, os.path.basename(path))
        shutil.copyfile(path, target)
        os.chmod(target, 0o644)
PY

# --- deduplicate, write MANIFEST -------------------------------------------------------------------
summary="$(python3 - dedup "$staging" "$work/MANIFEST" <<'PY'
import collections, hashlib, os, sys
staging, manifest = sys.argv[2], sys.argv[3]
paths = []
for root, dirs, files in os.walk(staging):
    for name in files:
        paths.append(os.path.relpath(os.path.join(root, name), staging).replace(os.sep, "/"))
paths.sort(key=lambda p: p.encode("utf-8", "surrogateescape"))
seen, kept, dropped = {}, [], 0
for rel in paths:
    with open(os.path.join(staging, rel), "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    if digest in seen:
        os.unlink(os.path.join(staging, rel))
        dropped += 1
        continue
    seen[digest] = rel
    kept.append((digest, rel))
# Drop the folders the duplicates left empty.
for root, dirs, files in os.walk(staging, topdown=False):
    if root != staging and not os.listdir(root):
        os.rmdir(root)
per_pkg = collections.Counter(rel.split("/", 1)[0] for _, rel in kept)
with open(manifest, "w", encoding="utf-8", errors="surrogateescape") as f:
    for digest, rel in kept:
        f.write(f"{digest}\tfiles/{rel}\n")
    f.write(f"# files: {len(kept)} packages: {len(per_pkg)}\n")
for pkg, n in sorted(per_pkg.items(), key=lambda kv: (-kv[1], kv[0])):
    print(f"  {n:6d}  {pkg}")
print(f"duplicates dropped: {dropped}")
print(f"TOTAL {len(kept)} {len(per_pkg)}")
PY
)"

total="$(echo "$summary" | awk '/^TOTAL /{print $2}')"
npkg="$(echo "$summary" | awk '/^TOTAL /{print $3}')"
echo "shell-benign: files per package (after de-duplication):"
echo "$summary" | grep -v '^TOTAL '
for pkg in "${packages[@]}"; do
  [ -d "$staging/$pkg" ] || log "note: package '$pkg' contributed no distinct shell script"
done
echo "shell-benign: $total distinct shell scripts from $npkg packages ($fetched debs downloaded) in $dest"

if [ "$total" -lt "$min_files" ]; then
  die "only $total shell scripts, fewer than the required $min_files: add packages to $list"
fi

# Swap the new corpus in; MANIFEST goes last, so an interrupted run never looks complete.
rm -f "$manifest" "$list_stamp"
rm -rf "$dest/files"
mv "$staging" "$dest/files"
mv "$work/MANIFEST" "$manifest"
echo "$list_sum" > "$list_stamp"
