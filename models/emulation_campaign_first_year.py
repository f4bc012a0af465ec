from odoo import api, fields, models
from odoo.exceptions import ValidationError


class EmulationCampaign(models.Model):
    _inherit = "emulation.campaign"

    # A manager sets the first reporting year like the campaign's years.
    @property
    def _user_create_fields(self):
        return super()._user_create_fields | {"first_report_year"}

    @property
    def _user_write_fields(self):
        return super()._user_write_fields | {"first_report_year"}

    first_report_year = fields.Integer(
        string="First Reporting Year",
        compute="_compute_first_report_year",
        store=True,
        readonly=False,
        help="The first year the units report on: a movement launched during its span (a dispatch "
        "of 9/2024 for 2023–2030) expects no report, sends no reminder and counts no late report "
        "for the years before.",
    )

    @api.depends("year_from")
    def _compute_first_report_year(self):
        for campaign in self:
            if not campaign.first_report_year or campaign.first_report_year < campaign.year_from:
                campaign.first_report_year = campaign.year_from

    @api.constrains("first_report_year", "year_from", "year_to")
    def _check_first_report_year(self):
        for campaign in self:
            if not campaign.year_from <= campaign.first_report_year <= campaign.year_to:
                raise ValidationError(
                    self.env._(
                        "The first reporting year of %(campaign)s must be one of its years (%(first)s–%(last)s).",
                        campaign=campaign.name,
                        first=campaign.year_from,
                        last=campaign.year_to,
                    )
                )
