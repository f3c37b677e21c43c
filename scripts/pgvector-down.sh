#!/usr/bin/env bash
# Stops the PostgreSQL that pgvector-up.sh started (fast shutdown: clients are disconnected,
# committed data is kept); --wipe also deletes its data directory.
#   scripts/pgvector-down.sh [--port 54329] [--data /var/tmp/emitter-pgvector-PORT] [--wipe]
set -euo pipefail
source "$(dirname "$0")/pgvector-common.sh"
usage() { sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; }
parse_options "$@"

if is_running; then
  log "stopping PostgreSQL in $PGVECTOR_DATA"
  as_postgres "$(pg_bin)/pg_ctl" stop -D "$PGVECTOR_DATA" -m fast -w -t 60 >/dev/null
fi
if [ "$PGVECTOR_WIPE" -eq 1 ] && [ -d "$PGVECTOR_DATA" ]; then
  log "wiping $PGVECTOR_DATA"
  rm -rf "$PGVECTOR_DATA"
fi
