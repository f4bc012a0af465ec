"""The certificates (giấy khen, bằng khen) of an issued commendation decision: one page for
each collective or individual it grants, printed from the decision in one click."""

from odoo import models
from odoo.exceptions import UserError

CERTIFICATE_REPORT = "emulation_campaign.action_report_commendation_certificate"


class EmulationCommendationDecision(models.Model):
    _inherit = "emulation.commendation.decision"

    def _certificate_commendations(self):
        """The granted proposals whose certificates the current user prints: those of
        these decisions they may read (a proposing unit prints its own nominees'),
        collectives first. Refuses, with the reason, what cannot be printed."""
        self._check_ids()
        self.check_access("read")
        not_issued = self.filtered(lambda decision: not decision.is_issued)
        if not_issued:
            raise UserError(
                self.env._(
                    "Certificates are printed once the decision is issued: %(decisions)s is not.",
                    decisions=", ".join(not_issued.mapped("display_name")),
                )
            )
        granted = self.commendation_ids.filtered(lambda c: c.state == "approved")._filtered_access("read")
        if not granted:
            raise UserError(
                self.env._(
                    "%(decisions)s grants no commendation whose certificate you may print.",
                    decisions=", ".join(self.mapped("display_name")),
                )
            )
        return granted.sorted(
            lambda c: (
                c.decision_id.id,
                c.nominee_kind != "collective",
                c.nominee_unit_id.name or "",
                c.name or "",
                c.id,
            )
        )

    def action_print_certificates(self):
        """The certificates of the decision as one PDF, a page for each recipient."""
        self._certificate_commendations()
        return self.env.ref(CERTIFICATE_REPORT).report_action(self)
