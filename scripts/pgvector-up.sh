#!/usr/bin/env bash
# Brings up a local PostgreSQL with pgvector on 127.0.0.1 and prints its connection string
# (Npgsql form) on stdout; everything else goes to stderr. Idempotent: installs what is
# missing (pgvector-install.sh), creates the cluster once, starts it unless running. The
# postgres password is generated with the cluster and kept in DATA/emitter-password (0600);
# --password sets one, --new-password replaces it (clients holding the old one then fail).
#   scripts/pgvector-up.sh [--port 54329] [--data /var/tmp/emitter-pgvector-PORT]
#                          [--password P | --new-password] [--database emitter]
# (or PGVECTOR_PORT, PGVECTOR_DATA, PGVECTOR_PASSWORD, PGVECTOR_DATABASE)
set -euo pipefail
here=$(dirname "$0")
source "$here/pgvector-common.sh"
usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; }
parse_options "$@"

bash "$here/pgvector-install.sh"
bin=$(pg_bin)

# The password to print, and whether the role must be given it once the server runs.
change_password=0
if [ ! -f "$PGVECTOR_DATA/PG_VERSION" ]; then
  password=${PGVECTOR_PASSWORD:-$(new_password)}
  log "creating a cluster in $PGVECTOR_DATA"
  mkdir -p "$PGVECTOR_DATA"
  chown postgres: "$PGVECTOR_DATA" 2>/dev/null || true
  chmod 700 "$PGVECTOR_DATA"
  pwfile=$(mktemp)
  trap 'rm -f "$pwfile"' EXIT
  printf '%s\n' "$password" > "$pwfile"
  chown postgres: "$pwfile" 2>/dev/null || true
  as_postgres "$bin/initdb" -D "$PGVECTOR_DATA" -U postgres --pwfile="$pwfile" --locale=C.UTF-8 \
    --encoding=UTF8 --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  keep_password "$password"
  # Sized for bulk loads (fewer evictions, WAL stalls and checkpoints) and HNSW builds.
  cat >> "$PGVECTOR_DATA/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGVECTOR_DATA'
shared_buffers = '1GB'
wal_buffers = '64MB'
max_wal_size = '4GB'
checkpoint_timeout = '30min'
maintenance_work_mem = '512MB'
EOF
elif [ -n "$PGVECTOR_PASSWORD" ] || [ "$PGVECTOR_NEW_PASSWORD" -eq 1 ]; then
  password=${PGVECTOR_PASSWORD:-$(new_password)}
  change_password=1
elif [ -s "$PGVECTOR_PASSWORD_FILE" ]; then
  password=$(<"$PGVECTOR_PASSWORD_FILE")
else
  # A cluster this script made before it generated passwords: earlier versions set the role's
  # password to this default on every start. Kept (clients may hold it) until --new-password.
  password=emitter
  keep_password "$password"
  log "the cluster in $PGVECTOR_DATA predates generated passwords and keeps its old one; run with --new-password (when nobody is using it) to replace it"
fi

if is_running; then
  running_port=$(sed -n 4p "$PGVECTOR_DATA/postmaster.pid")
  [ "$running_port" = "$PGVECTOR_PORT" ] || die "the cluster in $PGVECTOR_DATA already runs on port $running_port, not $PGVECTOR_PORT"
else
  log "starting PostgreSQL on 127.0.0.1:$PGVECTOR_PORT"
  if ! as_postgres "$bin/pg_ctl" start -D "$PGVECTOR_DATA" -l "$PGVECTOR_DATA/server.log" -w -t 60 \
      -o "-p $PGVECTOR_PORT" >/dev/null; then
    tail -n 20 "$PGVECTOR_DATA/server.log" >&2 || true
    die "PostgreSQL did not start (is port $PGVECTOR_PORT taken?)"
  fi
fi

psql_admin() { as_postgres "$bin/psql" -h "$PGVECTOR_DATA" -p "$PGVECTOR_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$PGVECTOR_DATABASE'")" ]; then
  psql_admin -c "CREATE DATABASE \"$PGVECTOR_DATABASE\""
fi
if [ "$change_password" -eq 1 ]; then
  # On stdin, not in psql's arguments: a command line is visible to every user.
  printf "ALTER ROLE postgres PASSWORD '%s';\n" "${password//\'/\'\'}" | psql_admin >/dev/null
  keep_password "$password"
  log "the postgres role has a new password"
fi

echo "Host=127.0.0.1;Port=$PGVECTOR_PORT;Username=postgres;Password=$password;Database=$PGVECTOR_DATABASE"
