# Emulation Campaign — an Odoo 19 addon. See README.md.
.PHONY: run test bench load lint pip-check api-demo

run:   ## the addon with its demo data on http://localhost:8069
	@bash tools/run.sh

test:  ## lint, then Odoo's tests on a throwaway database; ends with "N passed, N failed"
	@bash tools/test.sh

bench: ## national-scale benchmark (not part of make test)
	@bash tools/bench.sh

load:  ## the deadline rush: locust against a multi-process Odoo (not part of make test)
	@bash tools/load.sh

pip-check: ## build the wheel (whool), pip install it --no-deps in a fresh venv, odoo-bin -i from it
	@bash tools/pip-check.sh

api-demo: ## a third-party client (odoorpc) drives the whole cycle on a throwaway database
	@bash tools/api_demo.sh
