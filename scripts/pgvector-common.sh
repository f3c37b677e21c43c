# Shared by pgvector-up.sh and pgvector-down.sh (sourced, not run): options, paths, and
# running commands as the postgres user (initdb and postgres refuse root).

PGVECTOR_PORT=${PGVECTOR_PORT:-54329}
PGVECTOR_DATA=${PGVECTOR_DATA:-}
PGVECTOR_PASSWORD=${PGVECTOR_PASSWORD:-}
PGVECTOR_NEW_PASSWORD=0
PGVECTOR_DATABASE=${PGVECTOR_DATABASE:-emitter}
PGVECTOR_WIPE=0

log() { echo "pgvector: $*" >&2; }
die() { log "$*"; exit 1; }

parse_options() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) PGVECTOR_PORT=$2; shift 2 ;;
      --data) PGVECTOR_DATA=$2; shift 2 ;;
      --password) PGVECTOR_PASSWORD=$2; shift 2 ;;
      --new-password) PGVECTOR_NEW_PASSWORD=1; shift ;;
      --database) PGVECTOR_DATABASE=$2; shift 2 ;;
      --wipe) PGVECTOR_WIPE=1; shift ;;
      -h|--help) usage; exit 0 ;;
      *) usage >&2; exit 2 ;;
    esac
  done
  case "$PGVECTOR_PORT" in ''|*[!0-9]*) die "--port must be a number, got '$PGVECTOR_PORT'" ;; esac
  # Under /var/tmp, not a home directory: the postgres user must be able to reach it.
  PGVECTOR_DATA=${PGVECTOR_DATA:-/var/tmp/emitter-pgvector-$PGVECTOR_PORT}
  # The postgres role's password, generated once per data directory and kept in it (mode 0600);
  # the app host keeps its own data directory's password in a file of the same name.
  PGVECTOR_PASSWORD_FILE=$PGVECTOR_DATA/emitter-password
}

# 32 letters and digits from the kernel's random source.
new_password() {
  local random
  random=$(head -c 512 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')
  echo "${random:0:32}"
}

# Writes the password file, readable by its owner only.
keep_password() { (umask 077 && printf '%s\n' "$1" > "$PGVECTOR_PASSWORD_FILE"); }

# The newest installed server's major version ("15"), or nothing.
server_major() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V -r); do
    basename "$(dirname "$(dirname "$dir")")"
    return
  done
}

# Runs a command as the postgres user, from a directory it can read.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  elif [ "$(id -un)" = postgres ]; then
    (cd / && "$@")
  else
    die "run as root (or as the postgres user): the server runs as postgres"
  fi
}

pg_bin() { echo "/usr/lib/postgresql/$(server_major)/bin"; }

is_running() { [ -f "$PGVECTOR_DATA/PG_VERSION" ] && as_postgres "$(pg_bin)/pg_ctl" status -D "$PGVECTOR_DATA" >/dev/null 2>&1; }
