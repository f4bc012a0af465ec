#!/usr/bin/env bash
# Quick loop while developing: upgrade the addon in a kept database (emulation_dev)
# and run the tests matching a tag spec, e.g. tools/dev-test.sh :TestConsolidation
source "$(dirname "$0")/env.sh"
provision
DB=${EMULATION_DEV_DB:-emulation_dev}
odoo_bin -d "$DB" -i "$MODULE" -u "$MODULE" --test-tags "/$MODULE${1:-}" --stop-after-init \
    --http-port="${EMULATION_TEST_HTTP_PORT:-8169}" --log-level=test 2>&1 \
    | grep -vE ' INFO .*(Starting |odoo.modules|odoo.registry|odoo.service|odoo.sql_db|odoo.models.unlink|base.models.ir_|mail.models)' 
