"""The commendation decision is issued like the dispatch and the reports (see
emulation_document_mixin): the next number of its unit's register, e.g. 01/QĐ-CCB."""

from odoo import models
from odoo.exceptions import UserError


class EmulationCommendationDecision(models.Model):
    _name = "emulation.commendation.decision"
    _inherit = ["emulation.document.mixin", "emulation.commendation.decision"]

    _document_type = "decision"
    _document_report = "emulation_campaign.report_commendation_decision"
    _document_unit_field = "unit_id"

    def _document_check_issuable(self):
        empty = self.filtered(lambda decision: not decision.commendation_ids)
        if empty:
            raise UserError(
                self.env._(
                    "A decision is issued with the approved proposals it grants: %(decisions)s has none.",
                    decisions=", ".join(empty.mapped("display_name")),
                )
            )
        return True

    def _document_register_values(self):
        self.ensure_one()
        values = self.env["report.emulation_campaign.report_commendation_decision"]._decision_values(self)
        return {
            "subject": values["subject"],
            "signer": self.signer_name,
            "recipients": "\n".join(values.get("cc") or []),
        }

    def _document_issue_values(self, document):
        # the decision prints its number and date
        return {"number": document.name, "date": document.date}
