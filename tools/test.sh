#!/usr/bin/env bash
# make test: lint, then Odoo's test runner on a throwaway database for this addon only.
# The last line is Odoo's own count, as "N passed, N failed".
source "$(dirname "$0")/env.sh"
provision

say "ruff"
"$VENV/bin/ruff" check "$REPO" || die "ruff found problems."
"$VENV/bin/ruff" format --check "$REPO" || die "ruff format: run '$VENV/bin/ruff format $REPO'."
say "pylint-odoo"
(cd "$(dirname "$(readlink -f "$REPO")")" && "$VENV/bin/pylint" --rcfile="$REPO/.pylintrc" "$REPO") \
    || die "pylint-odoo found problems."

DB=emulation_test_$$_$(date +%s)
LOG=$(mktemp -t emulation-test-XXXX.log)
cleanup() { "$PY" "$ODOO_SRC/odoo-bin" db --db_host="$PGHOST" --db_port="$PGPORT" ${PGUSER:+--db_user="$PGUSER"} drop "$DB" >/dev/null 2>&1 \
            || dropdb --if-exists "$DB" >/dev/null 2>&1 || true; }
trap cleanup EXIT
say "Odoo tests on the throwaway database $DB (log: $LOG)"
set +e
odoo_bin -d "$DB" -i "$MODULE" --with-demo --test-tags "/$MODULE${EMULATION_TEST_TAGS:-}" --stop-after-init \
    --http-port="${EMULATION_TEST_HTTP_PORT:-8169}" --log-level=test ${EMULATION_TEST_ARGS:-} 2>&1 | tee "$LOG"
rc=${PIPESTATUS[0]}
set -e

summary=$(grep -E 'failed, [0-9]+ error\(s\) of [0-9]+ tests' "$LOG" | tail -n 1 || true)
errors=$(grep -cE '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) |demo data failed to install' "$LOG" || true)
if [ -z "$summary" ]; then
    say "Odoo printed no test summary (exit code $rc)."
    echo "0 passed, 1 failed"
    exit 1
fi
read -r failed errored total < <(sed -E 's/.* ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\1 \2 \3/' <<<"$summary")
bad=$((failed + errored))
[ "$errors" -gt 0 ] && say "$errors ERROR line(s) in the log (or demo data that failed to load): grep -E ' ERROR |demo data failed' $LOG"
status=0
if [ "$rc" -ne 0 ] || [ "$bad" -gt 0 ] || [ "$errors" -gt 0 ]; then status=1; fi
[ "$status" -ne 0 ] && [ "$bad" -eq 0 ] && bad=1   # an ERROR line or a crash is a failure too
echo "$((total - failed - errored)) passed, $bad failed"
exit $status
