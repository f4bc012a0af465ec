#!/usr/bin/env bash
# make bench: the reporting cycle at national scale (1 centre, 34 provinces, 3,321 communes,
# 20 criteria) on a throwaway database, timed. Not part of `make test`.
# Prints a table, then as its last line one JSON object with the figures.
#
#   EMULATION_BENCH_HTTP_PORT  port of the in-process HTTP server wkhtmltopdf fetches the
#                              report's CSS from (default 8569)
#   EMULATION_BENCH_KEEP=1     keep the database afterwards (for EXPLAIN and friends)
source "$(dirname "$0")/env.sh"
provision

DB=emulation_bench_$$_$(date +%s)
PORT=${EMULATION_BENCH_HTTP_PORT:-8569}
LOG=$(mktemp -t emulation-bench-XXXX.log)
cleanup() {
    [ "${EMULATION_BENCH_KEEP:-}" = 1 ] && { say "Kept the database $DB"; return; }
    "$PY" "$ODOO_SRC/odoo-bin" db --db_host="$PGHOST" --db_port="$PGPORT" ${PGUSER:+--db_user="$PGUSER"} drop "$DB" >/dev/null 2>&1 \
        || dropdb --if-exists "$DB" >/dev/null 2>&1 || true
}
trap cleanup EXIT

say "Installing $MODULE (no demo data) in the throwaway database $DB (log: $LOG)"
start=$(date +%s%N)
odoo_bin -d "$DB" -i "$MODULE" --stop-after-init --log-level=warn >"$LOG" 2>&1 \
    || { tail -n 40 "$LOG" >&2; die "Installing $MODULE failed (see $LOG)."; }
install_ms=$((($(date +%s%N) - start) / 1000000))

say "Benchmark (about a minute; Odoo's warnings go to $LOG)"
PYTHONPATH=$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH} EMULATION_BENCH_INSTALL_MS=$install_ms \
    "$PY" "$REPO/tools/bench.py" "$DB" \
    --addons-path="$ADDONS_PATH" --db_host="$PGHOST" --db_port="$PGPORT" ${PGUSER:+--db_user="$PGUSER"} \
    --http-interface=127.0.0.1 --http-port="$PORT" --db-filter="^$DB\$" --log-level=warn 2>>"$LOG"
