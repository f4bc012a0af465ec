#!/usr/bin/env bash
# make load: the deadline rush on a production-like server. Not part of `make test`.
#
# Odoo runs as in production: multi-process (--workers, --max-cron-threads=1) on a real
# PostgreSQL, on 127.0.0.1 only. locust (headless, in a virtualenv of its own) plays the
# officers of 220 communes: first ten of them one after another (the server at rest), then
# all the others, arriving EMULATION_LOAD_RATE a second (2: 7,200 an hour, twice the
# country's 3,321 communes), each logging in, opening its report, saving its figures and
# submitting, while the approvers of the two districts approve and consolidate. Bounded in
# count (every user acts once) and in time (EMULATION_LOAD_MINUTES, 10 by default).
# Afterwards the database is checked; the last line is JSON.
#
#   EMULATION_LOAD_HTTP_PORT   the server's port (default 8669)
#   EMULATION_LOAD_WORKERS     Odoo worker processes (default 4)
#   EMULATION_LOAD_RATE        officers arriving per second (default 2)
#   EMULATION_LOAD_COMMUNES_PER_DISTRICT  (default 110: 220 officers)
#   EMULATION_LOAD_THINK       scale of the officers' pauses (default 1: 1.5–6 s per officer)
source "$(dirname "$0")/env.sh"
provision

PORT=${EMULATION_LOAD_HTTP_PORT:-8669}
WORKERS=${EMULATION_LOAD_WORKERS:-4}
RATE=${EMULATION_LOAD_RATE:-2}
MINUTES=${EMULATION_LOAD_MINUTES:-10}
LOCUST_VENV=$CACHE/venv-locust-2.47.0
DB=emulation_load_$$_$(date +%s)
OUT=$(mktemp -d -t emulation-load-XXXX)
LOG=$OUT/odoo.log
SERVER=
cleanup() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; fi
    "$PY" "$ODOO_SRC/odoo-bin" db --db_host="$PGHOST" --db_port="$PGPORT" ${PGUSER:+--db_user="$PGUSER"} drop "$DB" >/dev/null 2>&1 \
        || dropdb --if-exists "$DB" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 143' INT TERM  # through the EXIT trap: the server stops, the database goes

if [ ! -x "$LOCUST_VENV/bin/locust" ]; then
    say "Installing locust 2.47.0 in $LOCUST_VENV"
    python3 -m venv "$LOCUST_VENV" && "$LOCUST_VENV/bin/pip" install --quiet locust==2.47.0 >"$OUT/pip.log" 2>&1 \
        || { rm -rf "$LOCUST_VENV"; die "Could not install locust (see $OUT/pip.log)."; }
fi

start=$(date +%s)
say "Installing $MODULE in the throwaway database $DB (log: $LOG)"
odoo_bin -d "$DB" -i "$MODULE" --stop-after-init --log-level=warn >"$LOG" 2>&1 || die "Installing failed (see $LOG)."
say "Building the province, 2 districts and their communes"
PYTHONPATH=$ODOO_SRC "$PY" "$REPO/tools/load_data.py" build "$DB" "$OUT/data.json" \
    --addons-path="$ADDONS_PATH" --db_host="$PGHOST" --db_port="$PGPORT" ${PGUSER:+--db_user="$PGUSER"} \
    --http-interface=127.0.0.1 --log-level=warn 2>>"$LOG" || die "Building the data failed (see $LOG)."

curl -s -o /dev/null "http://127.0.0.1:$PORT/" && die "Port $PORT is taken (set EMULATION_LOAD_HTTP_PORT)."
say "Starting Odoo: $WORKERS workers, 1 cron thread, port $PORT"
# started directly (not through odoo_bin, a shell function) so that $! is the server itself
"$PY" "$ODOO_SRC/odoo-bin" --addons-path="$ADDONS_PATH" --http-interface=127.0.0.1 \
    --db_host="$PGHOST" --db_port="$PGPORT" ${PGUSER:+--db_user="$PGUSER"} \
    -d "$DB" --db-filter="^$DB\$" --http-port="$PORT" --workers="$WORKERS" --max-cron-threads=1 \
    --limit-time-real=300 --log-level=warn --log-handler=werkzeug:INFO --log-handler=odoo.service.model:INFO >>"$LOG" 2>&1 &
SERVER=$!  # the prefork server; its workers stop with it
for _ in $(seq 120); do
    curl -sf "http://127.0.0.1:$PORT/web/health" >/dev/null 2>&1 && break
    kill -0 "$SERVER" 2>/dev/null || die "Odoo stopped (see $LOG)."
    sleep 1
done
curl -sf "http://127.0.0.1:$PORT/web/health" >/dev/null || die "Odoo does not answer on port $PORT (see $LOG)."

export EMULATION_LOAD_DATA=$OUT/data.json EMULATION_LOAD_DB=$DB EMULATION_LOAD_ACKNOWLEDGED=$OUT/data.json.acknowledged \
    EMULATION_LOAD_RATE=$RATE
officers=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['officers']))" "$OUT/data.json")
run_locust() {  # phase, users, spawn rate
    EMULATION_LOAD_PHASE=$1 PYTHONPATH=$REPO/tools "$LOCUST_VENV/bin/locust" -f "$REPO/tools/locustfile.py" \
        --headless --host "http://127.0.0.1:$PORT" -u "$2" -r "$3" --run-time "${MINUTES}m" --stop-timeout 30 \
        --csv "$OUT/$1" --only-summary --loglevel WARNING >>"$OUT/locust.log" 2>&1
}
say "At rest: 10 officers one after another"
run_locust rest 1 1 || true
say "The rush: $((officers - 10)) officers, $RATE arriving a second, and 2 approvers (at most $MINUTES minutes)"
# every user at once (50 a second); each officer waits for its arrival (tools/locustfile.py)
run_locust rush $((officers - 10 + 2)) 50 || true
kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; SERVER=

say "Checking the database"
PYTHONPATH=$ODOO_SRC "$PY" "$REPO/tools/load_data.py" check "$DB" "$OUT/data.json" \
    --addons-path="$ADDONS_PATH" --db_host="$PGHOST" --db_port="$PGPORT" ${PGUSER:+--db_user="$PGUSER"} \
    --http-interface=127.0.0.1 --log-level=warn >"$OUT/check.json" 2>>"$LOG" || die "The check failed (see $LOG)."
grep -E " (ERROR|CRITICAL) " "$LOG" | head -n 20 >&2 || true
python3 "$REPO/tools/load_data.py" summary "$OUT" "$OUT/check.json" $(($(date +%s) - start))
