import functools

from odoo import models
from odoo.fields import Domain


class EmulationSqlAccessMixin(models.AbstractModel):
    """Record rules checked with a query.

    The record rules of the reports and of what hangs from them hold fields that SQL
    evaluates at once (the approvers above a unit, ``supervisor_user_ids``; the readers of
    a document's source, ``reader_user_ids``) but that Python computes unit by unit. Odoo
    checks a user's access to records it holds (a write, the activities of a list, the
    chatter) by evaluating the rules on them in Python; here the rules are applied by one
    query on those records instead."""

    _name = "emulation.sql.access.mixin"
    _description = "Record Rules Checked in SQL"

    def _check_access(self, operation):
        if self.env.su or not self.env["ir.model.access"].check(self._name, operation, raise_exception=False):
            return super()._check_access(operation)
        records = self.browse(i for i in self._ids if isinstance(i, int))
        Rule = self.env["ir.rule"]
        domain = Rule._compute_domain(self._name, operation)
        if not records or not domain:
            return super()._check_access(operation)
        allowed = self.sudo().with_context(active_test=False).search(Domain("id", "in", records.ids) & domain)
        forbidden = records - allowed.sudo(False)
        if forbidden and forbidden.exists() != forbidden:
            # a record that is gone: the MissingError Odoo's own check gives
            return super()._check_access(operation)
        if forbidden:
            return forbidden, functools.partial(Rule._make_access_error, operation, forbidden)
        return None
