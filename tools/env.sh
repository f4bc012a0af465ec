# shellcheck shell=bash
# Provisioning shared by `make run`, `make test` and `make bench`.
# Sourced, not executed: it sets ODOO_SRC, VENV, PY, ADDONS_PATH and the PG* variables.
#
#   Odoo source : $ODOO_SRC, else /opt/odoo-src, else a depth-1 clone of odoo/odoo 19.0
#   virtualenv  : $CACHE/venv-<hash of the requirements>, rebuilt only when they change
#   PostgreSQL  : the PG* variables, else 127.0.0.1:5432, else a private cluster in $CACHE
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MODULE=emulation_campaign
CACHE=${EMULATION_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/emulation_campaign}
mkdir -p "$CACHE"

say() { printf '\033[1m[emulation]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[emulation] error:\033[0m %s\n' "$*" >&2; exit 1; }

# --- Odoo source -----------------------------------------------------------
find_odoo() {
    if [ -n "${ODOO_SRC:-}" ]; then
        [ -f "$ODOO_SRC/odoo-bin" ] || die "ODOO_SRC=$ODOO_SRC has no odoo-bin: point it at an Odoo 19.0 source tree."
    elif [ -f /opt/odoo-src/odoo-bin ]; then
        ODOO_SRC=/opt/odoo-src
    elif [ -f "$CACHE/odoo/odoo-bin" ]; then
        ODOO_SRC=$CACHE/odoo
    else
        command -v git >/dev/null || die "git is needed to fetch Odoo 19.0 (or set ODOO_SRC to an Odoo 19.0 source tree)."
        say "No Odoo source found: cloning odoo/odoo 19.0 (depth 1) into $CACHE/odoo"
        rm -rf "$CACHE/odoo.partial"
        git clone --quiet --depth 1 --branch 19.0 https://github.com/odoo/odoo.git "$CACHE/odoo.partial" \
            || die "Could not clone Odoo 19.0. Set ODOO_SRC to an Odoo 19.0 source tree."
        mv "$CACHE/odoo.partial" "$CACHE/odoo"
        ODOO_SRC=$CACHE/odoo
    fi
    grep -q "version_info = (19, 0" "$ODOO_SRC/odoo/release.py" \
        || die "$ODOO_SRC is not Odoo 19.0 (see odoo/release.py)."
    export ODOO_SRC
}

# --- virtualenv --------------------------------------------------------------
# Odoo's requirements with two changes that spare a fresh machine C headers it
# does not need: psycopg2 comes as its binary wheel, and python-ldap (auth_ldap
# only) is left out. The OCA addons in requirements.txt (odoo-addon-*) go in with
# --no-deps: their wheels require the distribution "odoo", which this Odoo is not
# (a source tree); their Python dependencies are Odoo's own (xlsxwriter, xlrd). pip
# puts them in site-packages/odoo/addons, a part of the namespace package odoo.addons,
# where Odoo finds them without any --addons-path.
make_venv() {
    command -v python3 >/dev/null || die "python3 (3.11 or newer) is needed."
    local pyver hash reqs
    pyver=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))' || die "Python $pyver is too old: Odoo 19 needs 3.10 or newer."
    # Bump the recipe when the way the venv is built below changes.
    hash=$( (echo recipe-2; cat "$ODOO_SRC/requirements.txt" "$REPO/requirements.txt") | sha1sum | cut -c1-12)
    VENV=$CACHE/venv-py$pyver-$hash
    PY=$VENV/bin/python
    export VENV PY
    [ -f "$VENV/.complete" ] && return 0
    # One build at a time (several checkouts may share the cache).
    exec 9>"$CACHE/venv.lock"
    flock 9
    if [ -f "$VENV/.complete" ]; then flock -u 9; return 0; fi

    say "Building the virtualenv $VENV (once per change of requirements)"
    rm -rf "$VENV"
    python3 -m venv "$VENV" || die "python3 -m venv failed: install your distribution's python3-venv package."
    reqs=$VENV/odoo-requirements.txt
    sed -E -e '/^python-ldap/d' -e 's/^psycopg2==/psycopg2-binary==/' "$ODOO_SRC/requirements.txt" > "$reqs"
    # cbor2 5.4.2 is an sdist whose build breaks with setuptools >= 81. PIP_CONSTRAINT
    # replaces pip's configured constraints file, so keep the machine's lines too.
    local constraints=$VENV/constraints.txt
    echo 'setuptools<81' > "$constraints"
    local conf
    conf=$("$PY" -m pip config get global.constraint 2>/dev/null || true)
    [ -n "$conf" ] && [ -f "$conf" ] && cat "$conf" >> "$constraints"
    # pip 26.2+ reads build-environment constraints from PIP_BUILD_CONSTRAINT only.
    export PIP_CONSTRAINT=$constraints PIP_BUILD_CONSTRAINT=$constraints
    "$PY" -m pip install --quiet --upgrade pip wheel 'setuptools<81' \
        || die "pip could not upgrade itself in $VENV (is PyPI reachable?)."
    grep -v '^odoo-addon-' "$REPO/requirements.txt" > "$VENV/tool-requirements.txt" || true
    grep '^odoo-addon-' "$REPO/requirements.txt" > "$VENV/addon-requirements.txt" || true
    "$PY" -m pip install --quiet -r "$reqs" -r "$VENV/tool-requirements.txt" \
        || die "Installing Odoo's requirements failed (see pip's message above)."
    if [ -s "$VENV/addon-requirements.txt" ]; then
        "$PY" -m pip install --quiet --no-deps -r "$VENV/addon-requirements.txt" \
            || die "Installing the OCA addons of requirements.txt failed (see pip's message above)."
    fi
    touch "$VENV/.complete"
    flock -u 9
}

# --- addons path ---------------------------------------------------------------
# Odoo finds a module by its folder's name; a checkout may be named anything, so
# link it as emulation_campaign in a folder of its own (one per checkout).
make_addons_path() {
    local link_dir
    link_dir=$CACHE/addons-$(printf '%s' "$REPO" | sha1sum | cut -c1-12)
    mkdir -p "$link_dir"
    ln -sfn "$REPO" "$link_dir/$MODULE"
    ADDONS_PATH=$ODOO_SRC/addons,$link_dir
    export ADDONS_PATH
}

# --- PostgreSQL --------------------------------------------------------------
pg_ok() { "$PY" - <<'EOF' 2>/dev/null
import psycopg2, sys
try:
    psycopg2.connect(dbname="postgres", connect_timeout=3).close()
except Exception:
    sys.exit(1)
EOF
}

find_pg_bin() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$d/initdb" ] && { echo "$d"; return 0; }
    done
    command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return 0; }
    return 1
}

start_private_pg() {
    local bin port=${EMULATION_PG_PORT:-5439} owner=$(id -un) run=() root data sock log
    bin=$(find_pg_bin || true)
    if [ -z "$bin" ]; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            say "No PostgreSQL server found: installing Debian's postgresql"
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
                || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; } \
                || die "Could not install postgresql."
            bin=$(find_pg_bin) || die "postgresql installed but initdb not found."
        else
            die "No PostgreSQL reachable (PG* variables or 127.0.0.1:5432) and none installed. Install PostgreSQL or set PGHOST/PGPORT/PGUSER."
        fi
    fi
    root=${EMULATION_PG_DIR:-$CACHE/postgresql}
    if [ "$(id -u)" = 0 ]; then
        # PostgreSQL refuses to run as root: the cluster belongs to 'postgres', in a
        # folder it can reach (root's home is closed to other users).
        id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
        owner=postgres
        run=(runuser -u postgres --)
        root=${EMULATION_PG_DIR:-/var/lib/emulation_campaign/postgresql}
    fi
    data=$root/data sock=$root/socket log=$root/postgresql.log
    mkdir -p "$data" "$sock"
    chown -R "$owner" "$root"
    chmod 700 "$data"
    if [ ! -f "$data/PG_VERSION" ]; then
        say "Creating a private PostgreSQL cluster in $data"
        "${run[@]}" "$bin/initdb" -D "$data" -U "$owner" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null \
            || die "initdb failed."
    fi
    if ! "${run[@]}" "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        say "Starting the private PostgreSQL on port $port"
        "${run[@]}" "$bin/pg_ctl" -D "$data" -l "$log" -w -o "-p $port -k $sock -c listen_addresses=''" start >/dev/null \
            || die "PostgreSQL did not start: see $log"
    fi
    export PGHOST=$sock PGPORT=$port
    # A role named like the OS user, able to create databases (Odoo refuses 'postgres').
    local me; me=$(id -un); [ "$me" = postgres ] && me=odoo
    "${run[@]}" "$bin/psql" -h "$sock" -p "$port" -U "$owner" -d postgres -tAc \
        "SELECT 1 FROM pg_roles WHERE rolname='$me'" | grep -q 1 \
        || "${run[@]}" "$bin/psql" -h "$sock" -p "$port" -U "$owner" -d postgres -qc "CREATE ROLE \"$me\" LOGIN SUPERUSER" \
        || die "Could not create the PostgreSQL role $me."
    export PGUSER=$me
    PG_LOG=$log
}

find_pg() {
    if [ -z "${PGHOST:-}" ] && [ -z "${PGPORT:-}" ]; then
        export PGHOST=127.0.0.1 PGPORT=5432
    fi
    if [ "${PGUSER:-$(id -un)}" = postgres ]; then
        die "Odoo refuses to connect as 'postgres': set PGUSER to another role."
    fi
    if ! pg_ok; then
        if [ "$PGHOST" = 127.0.0.1 ] && [ "$PGPORT" = 5432 ]; then
            unset PGHOST PGPORT
            start_private_pg
            pg_ok || die "The private PostgreSQL does not answer: see $PG_LOG"
        else
            die "PostgreSQL at ${PGHOST}:${PGPORT} does not answer (check PGHOST/PGPORT/PGUSER)."
        fi
    fi
    say "PostgreSQL: ${PGHOST}:${PGPORT} as ${PGUSER:-$(id -un)}"
}

# --- fonts -------------------------------------------------------------------
# The documents are set in Times New Roman / Liberation Serif. Point fontconfig at
# the system configuration plus one rule that prefers Liberation 2 (Vietnamese
# letters in every face) over the older copy Debian's Chromium pulls in.
setup_fonts() {
    local conf=$CACHE/fonts.conf
    cat > "$conf.tmp" <<XML
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
    <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
    <include ignore_missing="yes">$REPO/tools/fontconfig/09-emulation-liberation2.conf</include>
    <cachedir>$CACHE/fontconfig</cachedir>
</fontconfig>
XML
    mv "$conf.tmp" "$conf"
    export FONTCONFIG_FILE=$conf
}

odoo_bin() {
    "$PY" "$ODOO_SRC/odoo-bin" --addons-path="$ADDONS_PATH" --http-interface=127.0.0.1 \
        --db_host="$PGHOST" --db_port="$PGPORT" ${PGUSER:+--db_user="$PGUSER"} "$@"
}

provision() {
    find_odoo
    make_venv
    make_addons_path
    setup_fonts
    find_pg
}
