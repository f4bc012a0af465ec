#!/usr/bin/env bash
# make api-demo: a third-party client drives the whole cycle over RPC (tools/api_demo.py).
#
# The client is odoorpc from PyPI, in a virtualenv of its own (the client's Python, not
# the server's). The server runs on a throwaway database (dropped afterwards), on
# 127.0.0.1 only, port EMULATION_API_DEMO_PORT (8269); the whole run is bounded in time.
source "$(dirname "$0")/env.sh"
provision

ODOORPC=odoorpc==0.10.1
PORT=${EMULATION_API_DEMO_PORT:-8269}
DB=emulation_apidemo_$$_$(date +%s)
CLIENT=$CACHE/client-${ODOORPC//=/-}
LOG=$(mktemp -t emulation-apidemo-XXXX.log)
SERVER_PID=

cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$SERVER_PID" 2>/dev/null || true
    fi
    "$PY" "$ODOO_SRC/odoo-bin" db --db_host="$PGHOST" --db_port="$PGPORT" ${PGUSER:+--db_user="$PGUSER"} drop "$DB" >/dev/null 2>&1 \
        || dropdb --if-exists "$DB" >/dev/null 2>&1 || true
}
trap cleanup EXIT

if [ ! -f "$CLIENT/.complete" ]; then
    say "Installing the client, $ODOORPC, into $CLIENT"
    rm -rf "$CLIENT"
    python3 -m venv "$CLIENT" || die "python3 -m venv failed."
    "$CLIENT/bin/python" -m pip install --quiet "$ODOORPC" || die "pip install $ODOORPC failed (is PyPI reachable?)."
    touch "$CLIENT/.complete"
fi

say "Installing $MODULE on the throwaway database $DB"
timeout 300 "$PY" "$ODOO_SRC/odoo-bin" --addons-path="$ADDONS_PATH" --db_host="$PGHOST" --db_port="$PGPORT" \
    ${PGUSER:+--db_user="$PGUSER"} -d "$DB" -i "$MODULE" --stop-after-init --log-level=warn >"$LOG" 2>&1 \
    || { tail -n 30 "$LOG" >&2; die "Installing $MODULE on $DB failed (log: $LOG)."; }

say "Starting the server on http://127.0.0.1:$PORT (log: $LOG)"
"$PY" "$ODOO_SRC/odoo-bin" --addons-path="$ADDONS_PATH" --db_host="$PGHOST" --db_port="$PGPORT" \
    ${PGUSER:+--db_user="$PGUSER"} -d "$DB" --db-filter="^$DB\$" --http-interface=127.0.0.1 --http-port="$PORT" \
    --max-cron-threads=0 --log-level=warn >>"$LOG" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 "$LOG" >&2; die "The server stopped (is port $PORT free?)."; }
    "$CLIENT/bin/python" -c "import urllib.request, sys; urllib.request.urlopen('http://127.0.0.1:$PORT/web/health', timeout=2)" 2>/dev/null && break
    sleep 0.5
done

say "odoorpc drives the cycle"
timeout 300 "$CLIENT/bin/python" "$REPO/tools/api_demo.py" "$PORT" "$DB" \
    || { tail -n 30 "$LOG" >&2; die "The API demo failed (server log: $LOG)."; }
