#!/usr/bin/env bash
# make pip-check: the addon as pip installs it, the way OCA addons are installed.
#
#  1. builds the wheel with whool (pyproject.toml) from a clone of the last commit, in a
#     folder named emulation_campaign (whool names the distribution after the folder);
#  2. checks that it requires odoo-addon-report_xlsx (the manifest's OCA dependency), then
#     installs it with --no-deps into a fresh virtualenv that sees the provisioned one's
#     packages (Odoo's requirements and report_xlsx) through a .pth file, so nothing is
#     downloaded again;
#  3. installs the addon from there with odoo-bin -i on a throwaway database, with Odoo's
#     own addons only on --addons-path: Odoo finds it in site-packages/odoo/addons.
source "$(dirname "$0")/env.sh"
provision

WORK=$(mktemp -d -t emulation-pip-XXXX)
DB=emulation_pip_$$_$(date +%s)
cleanup() {
    "$PY" "$ODOO_SRC/odoo-bin" db --db_host="$PGHOST" --db_port="$PGPORT" ${PGUSER:+--db_user="$PGUSER"} drop "$DB" >/dev/null 2>&1 \
        || dropdb --if-exists "$DB" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

say "Building the wheel with whool (from the last commit of $REPO)"
git -C "$REPO" rev-parse --verify -q HEAD >/dev/null || die "$REPO is not a git checkout with a commit: whool packages the files under git."
[ -z "$(git -C "$REPO" status --porcelain --untracked-files=no)" ] \
    || say "note: uncommitted changes are not in the wheel (whool packages what git tracks)"
git clone --quiet --no-hardlinks "$REPO" "$WORK/src/$MODULE" || die "git clone of $REPO failed."
"$PY" -m pip wheel --quiet --no-deps --wheel-dir "$WORK/dist" "$WORK/src/$MODULE" \
    || die "Building the wheel failed (pip needs to fetch whool from the package index)."
wheel=$(ls "$WORK"/dist/odoo_addon_emulation_campaign-19.0.*-py3-none-any.whl 2>/dev/null | head -n 1)
[ -n "$wheel" ] || die "No odoo_addon_emulation_campaign-19.0.*.whl in $WORK/dist: $(ls "$WORK/dist")"
say "Built $(basename "$wheel") ($(du -k "$wheel" | cut -f1) KiB)"
# whool declares the manifest's non-core depends as odoo-addon-* requirements: pip
# brings OCA's report_xlsx along when the wheel is installed with its dependencies.
requires=$("$PY" - "$wheel" <<'PYEOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel:
    name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    meta = wheel.read(name).decode()
print("; ".join(line.split(":", 1)[1].strip() for line in meta.splitlines() if line.startswith(("Requires-Dist:", "License:"))))
PYEOF
)
say "Declares: $requires"
grep -qi "odoo-addon-report[_-]xlsx" <<<"$requires" || die "The wheel does not require odoo-addon-report_xlsx (manifest depends)."

say "Installing it with --no-deps into a fresh virtualenv"
"$VENV/bin/python" -m venv "$WORK/venv" || die "python -m venv failed."
site=$("$WORK/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
base_site=$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
# Odoo's requirements come from the provisioned virtualenv (as --system-site-packages would).
echo "$base_site" > "$site/_emulation_odoo_requirements.pth"
"$WORK/venv/bin/python" -m pip install --quiet --no-deps --no-index "$wheel" || die "pip install of the wheel failed."
"$WORK/venv/bin/python" -m pip show odoo-addon-emulation_campaign | sed -n '1,2p'
[ -f "$site/odoo/addons/$MODULE/__manifest__.py" ] || die "The wheel did not install $site/odoo/addons/$MODULE."
[ -f "$base_site/odoo/addons/report_xlsx/__manifest__.py" ] || die "report_xlsx is not in $base_site/odoo/addons (tools/env.sh installs it from requirements.txt)."

say "odoo-bin -i $MODULE on the throwaway database $DB, addons path: Odoo's own addons only"
LOG=$WORK/odoo.log
set +e
"$WORK/venv/bin/python" "$ODOO_SRC/odoo-bin" --addons-path="$ODOO_SRC/addons" --http-interface=127.0.0.1 \
    --db_host="$PGHOST" --db_port="$PGPORT" ${PGUSER:+--db_user="$PGUSER"} \
    -d "$DB" -i "$MODULE" --stop-after-init --log-level=info >"$LOG" 2>&1
rc=$?
set -e
grep -E "addons paths:|ERROR|CRITICAL" "$LOG" | cut -c1-300 >&2 || true
[ "$rc" -eq 0 ] || die "odoo-bin -i $MODULE failed (exit $rc): see the lines above."
grep -q "addons paths:.*$site/odoo/addons" "$LOG" || die "Odoo did not take $site/odoo/addons on its addons path."
! grep -qE '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$LOG" || die "ERROR lines while installing from the wheel."
state=$("$PY" - "$DB" "$MODULE" <<'PYEOF'
import psycopg2, sys
with psycopg2.connect(dbname=sys.argv[1]) as cn, cn.cursor() as cr:
    cr.execute("SELECT state, latest_version FROM ir_module_module WHERE name = %s", [sys.argv[2]])
    print(*(cr.fetchone() or ("absent", "")))
PYEOF
)
[[ "$state" == installed* ]] || die "$MODULE is '$state' in $DB after odoo-bin -i."
say "pip install OK: $(basename "$wheel") installed with --no-deps, and Odoo installed $MODULE from it ($state)"
