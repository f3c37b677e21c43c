#!/usr/bin/env bash
# Installs PostgreSQL and pgvector for the newest installed server (or Debian's default one),
# doing nothing when pgvector is already there. Debian/Ubuntu only (apt), as root.
#   1. the distribution's postgresql-NN-pgvector, where the archive has one;
#   2. otherwise (Debian 12 has none) pgvector built from Debian's own source package of a
#      newer release, fetched through a private deb-src list on the mirror this machine
#      already uses, against postgresql-server-dev-NN pinned to the installed server (an
#      unpinned server-dev would upgrade the server).
set -euo pipefail
source "$(dirname "$0")/pgvector-common.sh"

# The Debian release whose source package is built when the archive has no binary package.
SOURCE_SUITE=${PGVECTOR_SOURCE_SUITE:-trixie}
WORK=${PGVECTOR_BUILD_DIR:-/var/tmp/emitter-pgvector-build}

has_pgvector() { [ -n "$(server_major)" ] && [ -f "/usr/share/postgresql/$(server_major)/extension/vector.control" ]; }

# Whether apt knows a package (after one apt-get update: a fresh machine's lists may be empty or old).
apt_has() {
  local candidate
  candidate=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')
  [ -n "$candidate" ] && [ "$candidate" != "(none)" ]
}

# Quiet unless it fails; installs only what is missing (an installed package stays as it is).
apt_install() {
  local out
  if ! out=$(DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      --no-upgrade -o DPkg::Lock::Timeout=600 "$@" 2>&1); then
    printf '%s\n' "$out" >&2
    die "apt-get install $* failed"
  fi
}

# The mirror (and keyring) of this machine's main Debian source for its own release, read
# from deb822 *.sources files or one-line *.list files; prints "URI [KEYRING]".
debian_mirror() {
  local codename
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  [ -n "$codename" ] || die "no VERSION_CODENAME in /etc/os-release"
  shopt -s nullglob
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    awk -v codename="$codename" '
      function flush() { if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " codename " ") && uris != "") { split(uris, u, " "); print u[1], keyring; found = 1; exit } types = suites = uris = keyring = "" }
      /^[ \t]*$/ { flush(); next }
      /^Types:/ { sub(/^Types:[ \t]*/, ""); types = $0 }
      /^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
      /^URIs:/ { sub(/^URIs:[ \t]*/, ""); uris = $0 }
      /^Signed-By:[ \t]*\// { sub(/^Signed-By:[ \t]*/, ""); keyring = $0 }
      END { if (!found) flush() }' "$f" | head -n 1 | grep . && return
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk -v codename="$codename" '
      $1 == "deb" {
        i = 2; key = ""
        if ($i ~ /^\[/) {
          for (; i <= NF; i++) {
            if ($i ~ /signed-by=/) { key = $i; sub(/.*signed-by=/, "", key); sub(/\]$/, "", key) }
            if ($i ~ /\]$/) { i++; break }
          }
        }
        if ($(i + 1) == codename) { print $i, key; exit }
      }' "$f" | grep . && return
  done
  die "found no apt source for $codename in /etc/apt: cannot tell which Debian mirror to use"
}

build_from_debian_source() {
  local major=$1 server_version mirror keyring
  server_version=$(dpkg-query -W -f='${Version}' "postgresql-$major")
  log "building pgvector from Debian's source package ($SOURCE_SUITE) against postgresql-server-dev-$major=$server_version"
  apt_has "postgresql-server-dev-$major" || die "apt has no postgresql-server-dev-$major"
  apt_install "postgresql-server-dev-$major=$server_version"
  command -v make >/dev/null && command -v gcc >/dev/null || apt_install make gcc libc6-dev
  command -v dpkg-source >/dev/null || apt_install dpkg-dev

  read -r mirror keyring < <(debian_mirror)
  rm -rf "$WORK" && mkdir -p "$WORK/lists/partial" "$WORK/parts" "$WORK/src"
  echo "deb-src ${keyring:+[signed-by=$keyring] }$mirror $SOURCE_SUITE main" > "$WORK/sources.list"
  local private=(-o "Dir::Etc::SourceList=$WORK/sources.list" -o "Dir::Etc::SourceParts=$WORK/parts"
    -o "Dir::State::Lists=$WORK/lists" -o "APT::Sandbox::User=root")
  apt-get "${private[@]}" update -qq >&2
  (cd "$WORK/src" && apt-get "${private[@]}" source -qq --only-source pgvector >/dev/null)
  local tree
  tree=$(ls -d "$WORK"/src/pgvector-*/ | head -n 1)
  [ -n "$tree" ] || die "apt-get source pgvector gave no source tree in $WORK/src"
  # with_llvm=no: no JIT bitcode, so the build needs neither clang nor llvm at make time.
  make -C "$tree" -s -j "$(nproc)" PG_CONFIG="/usr/lib/postgresql/$major/bin/pg_config" with_llvm=no >&2
  make -C "$tree" -s install PG_CONFIG="/usr/lib/postgresql/$major/bin/pg_config" with_llvm=no >&2
  rm -rf "$WORK"
}

has_pgvector && exit 0
[ "$(id -u)" -eq 0 ] || die "pgvector is not installed and installing needs root"
command -v apt-get >/dev/null || die "pgvector is not installed and this is not a Debian/Ubuntu machine: install PostgreSQL and pgvector, then run again"

# One installer at a time (several worktrees or test runs may start together).
exec 9>/var/lock/emitter-pgvector-install.lock
flock 9
has_pgvector && exit 0

log "apt-get update"
apt-get update -qq -o DPkg::Lock::Timeout=600 >&2
if [ -z "$(server_major)" ]; then
  apt_has postgresql || die "apt has no postgresql package"
  apt_install postgresql
fi
major=$(server_major)
if apt_has "postgresql-$major-pgvector"; then
  log "installing postgresql-$major-pgvector"
  apt_install "postgresql-$major-pgvector"
else
  build_from_debian_source "$major"
fi
has_pgvector || die "pgvector still missing after installing it"
log "pgvector installed for PostgreSQL $major"
