"""The documents that are issued: the dispatch of a campaign and a unit's report; the
units' symbols in the numbers; the criteria and figures of an issued document frozen
with it."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .emulation_campaign import EmulationCampaign as EmulationCampaignBase
from .emulation_submission import EmulationSubmission as EmulationSubmissionBase
from .emulation_submission_transitions import SUBMITTED_STATES

# A report is issued once it has gone up: submitted (a consolidated report sent to the
# body above), approved, or consolidated since.
ISSUABLE_STATES = SUBMITTED_STATES  # submitted and beyond, by the workflow's table
# What the dispatch prints of each criterion (its appendix).
PRINTED_CRITERION_FIELDS = {
    "campaign_id",
    "sequence",
    "code",
    "name",
    "description",
    "section",
    "uom",
    "value_type",
    "required",
}


class EmulationUnit(models.Model):
    _inherit = "emulation.unit"
    _user_create_fields = _user_write_fields = frozenset({"document_symbol", "office_symbol"})

    document_symbol = fields.Char(
        help="The unit's abbreviation in the numbers of its documents, e.g. CCB: report 07/BC-CCB. "
        "Left empty, the unit's code is used.",
    )
    office_symbol = fields.Char(
        string="Drafting Office Symbol",
        help="The office that drafts the unit's dispatches, e.g. VP: dispatch 102/CCB-VP.",
    )


class EmulationCampaign(models.Model):
    _name = "emulation.campaign"
    _inherit = ["emulation.document.mixin", "emulation.campaign"]

    _document_type = "dispatch"
    _document_report = "emulation_campaign.report_campaign_dispatch"
    _document_unit_field = "issuing_unit_id"
    # The movement runs on after its dispatch: launched, closed, units joining, handed to
    # the issuing unit's successor after a restructuring. What the dispatch printed is
    # frozen; the issued dispatch stays in its issuer's register as it was.
    _document_mutable_fields = ("unit_ids",)
    _document_frozen_fields = frozenset(EmulationCampaignBase._user_write_fields) - {"unit_ids", "issuing_unit_id"}

    def _document_register_values(self):
        self.ensure_one()
        values = self.env["report.emulation_campaign.report_campaign_dispatch"]._dispatch_values(self)
        return {
            "subject": f"V/v {values['subject']}",
            "signer": self.signer_name,
            "recipients": "\n".join(values["recipients"]),
        }

    def _document_issue_values(self, document):
        # The reports cite the dispatch by its number and date ("Thực hiện Công văn số …").
        return {"dispatch_number": document.name, "dispatch_date": document.date}


class EmulationSubmission(models.Model):
    _name = "emulation.submission"
    _inherit = ["emulation.document.mixin", "emulation.submission"]

    _document_type = "report"
    _document_report = "emulation_campaign.report_submission"
    _document_unit_field = "unit_id"
    # Frozen: what users write (narratives and figures), and which report it is.
    _document_frozen_fields = EmulationSubmissionBase._user_write_fields | {"campaign_id", "period_id", "unit_id"}

    def _document_check_issuable(self):
        not_ready = self.filtered(lambda s: s.state not in ISSUABLE_STATES)
        if not_ready:
            raise UserError(
                self.env._(
                    "A report is issued once submitted upward or approved: %(reports)s.",
                    reports=", ".join(not_ready.mapped("display_name")),
                )
            )
        return True

    def _document_register_values(self):
        self.ensure_one()
        values = self.env["report.emulation_campaign.report_submission"]._submission_values(self)
        return {
            "subject": values["subject"],
            "signer": ", ".join(values["signers"]),
            "recipients": "\n".join(values["recipients"]),
        }

    def _document_check_correction(self):
        raise UserError(
            self.env._(
                "An issued report is corrected by returning it: the approver above returns it with the reason, "
                "the unit corrects it, submits it and issues it again under a new number that replaces the old one."
            )
        )

    def action_return(self, reason=None):
        """Returning an issued report opens its correction: the issued document stays as it
        is, and the report's next issue replaces it."""
        issued = self.filtered("document_id")
        result = super().action_return(reason)
        issued._document_release()
        return result


class EmulationCriterion(models.Model):
    _inherit = "emulation.criterion"

    @api.model_create_multi
    def create(self, vals_list):
        campaign_ids = {vals.get("campaign_id") for vals in vals_list} - {None, False}
        self.env["emulation.campaign"].browse(campaign_ids)._document_check_not_issued()
        return super().create(vals_list)

    def write(self, vals):
        if PRINTED_CRITERION_FIELDS & set(vals):
            self.campaign_id._document_check_not_issued()
            if vals.get("campaign_id"):
                self.env["emulation.campaign"].browse(vals["campaign_id"])._document_check_not_issued()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_issued_campaign(self):
        self.campaign_id._document_check_not_issued()


class EmulationSubmissionLine(models.Model):
    _inherit = "emulation.submission.line"

    @api.model_create_multi
    def create(self, vals_list):
        submission_ids = {vals.get("submission_id") for vals in vals_list} - {None, False}
        self.env["emulation.submission"].browse(submission_ids)._document_check_not_issued()
        return super().create(vals_list)

    def write(self, vals):
        self.submission_id._document_check_not_issued()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_issued_report(self):
        self.submission_id._document_check_not_issued()
