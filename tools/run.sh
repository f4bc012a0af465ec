#!/usr/bin/env bash
# make run: the addon with its demo data in the database emulation_demo, on http://localhost:8069.
source "$(dirname "$0")/env.sh"
provision
DB=${EMULATION_DB:-emulation_demo}
PORT=${EMULATION_HTTP_PORT:-8069}

if "$PY" - "$DB" <<'PYEOF'
import psycopg2, sys
with psycopg2.connect(dbname="postgres") as cn, cn.cursor() as cr:
    cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [sys.argv[1]])
    sys.exit(0 if cr.fetchone() else 1)
PYEOF
then
    say "Upgrading $MODULE in the existing database $DB"
    odoo_bin -d "$DB" -u "$MODULE" --stop-after-init --log-level=warn || die "The upgrade of $DB failed (see above)."
else
    say "Creating the database $DB with $MODULE and its demo data"
    odoo_bin -d "$DB" -i "$MODULE" --with-demo --load-language=vi_VN --stop-after-init --log-level=warn \
        || die "Creating $DB failed (see above)."
fi

cat >&2 <<MSG

  Emulation Campaign is running on http://localhost:$PORT  (database $DB)

  Demo logins (password = login):
$(sed -n '/<!-- logins -->/,/<!-- \/logins -->/p' "$REPO/README.md" | grep '^|' | tail -n +3 | sed 's/^/    /')

  Ctrl-C stops the server.
MSG
exec "$PY" "$ODOO_SRC/odoo-bin" --addons-path="$ADDONS_PATH" --http-interface="${EMULATION_HTTP_INTERFACE:-127.0.0.1}" --db_host="$PGHOST" --db_port="$PGPORT" \
    ${PGUSER:+--db_user="$PGUSER"} -d "$DB" --db-filter="^$DB\$" --http-port="$PORT" --log-level=info
