import datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class EmulationCampaign(models.Model):
    _name = "emulation.campaign"
    _description = "Emulation Campaign"
    _inherit = ["mail.thread", "mail.activity.mixin", "emulation.input.mixin"]
    _order = "year_from desc, id desc"

    # What a manager may set (the only role that writes campaigns): the movement, its
    # criteria and periods, and its dispatch. The state changes by launching and closing.
    _user_create_fields = _user_write_fields = frozenset(
        {
            "name",
            "code",
            "issuing_unit_id",
            "unit_ids",
            "criterion_ids",
            "period_ids",
            "year_from",
            "year_to",
            "deadline_day",
            "deadline_month",
            "parent_body",
            "dispatch_number",
            "dispatch_date",
            "dispatch_place",
            "dispatch_subject",
            "dispatch_recipients",
            "legal_basis",
            "dispatch_body",
            "signing_authority",
            "signer_title",
            "signer_name",
            "cc_list",
        }
    )
    _user_may_copy = True

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(required=True, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("closed", "Closed")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    issuing_unit_id = fields.Many2one("emulation.unit", required=True, ondelete="restrict", tracking=True)
    unit_ids = fields.Many2many(
        "emulation.unit",
        "emulation_campaign_unit_rel",
        "campaign_id",
        "unit_id",
        string="Reporting Units",
        help="The units that report their results; the units between them and the issuing unit "
        "consolidate those reports.",
    )
    member_unit_ids = fields.Many2many(
        "emulation.unit",
        "emulation_campaign_member_unit_rel",
        "campaign_id",
        "unit_id",
        string="Taking Part",
        compute="_compute_member_unit_ids",
        store=True,
        help="The reporting units and every unit above them up to the issuing unit.",
    )
    criterion_ids = fields.One2many("emulation.criterion", "campaign_id", string="Criteria", copy=True)
    period_ids = fields.One2many("emulation.period", "campaign_id", string="Periods")
    submission_ids = fields.One2many("emulation.submission", "campaign_id", string="Submissions")
    submission_count = fields.Integer(compute="_compute_submission_count")
    year_from = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    year_to = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    deadline_day = fields.Integer(required=True, default=5)
    deadline_month = fields.Integer(required=True, default=12)

    # The dispatch (công văn) that launches the campaign, ND30 form 1.5.
    parent_body = fields.Char(
        string="Governing Body",
        help="Upper-case line above the issuing unit in the document header, e.g. HỘI CCB VIỆT NAM.",
    )
    dispatch_number = fields.Char(string="Number", help="E.g. 07/CCB-VP.", tracking=True, copy=False)
    dispatch_date = fields.Date(tracking=True, copy=False)
    dispatch_place = fields.Char(string="Place", help="Place written before the date, e.g. Quảng Nam.")
    dispatch_subject = fields.Char(string="Subject", help="The line that starts with V/v.")
    dispatch_recipients = fields.Text(
        string="Recipients",
        help="Kính gửi: one recipient per line. Left empty, the reporting units are listed.",
    )
    legal_basis = fields.Text(help="The documents the campaign implements, one per line.")
    dispatch_body = fields.Html(string="Body", sanitize=True)
    signing_authority = fields.Char(help="E.g. TM. BAN THƯỜNG VỤ or KT. CHỦ TỊCH.")
    signer_title = fields.Char(help="E.g. CHỦ TỊCH or PHÓ CHỦ TỊCH.")
    signer_name = fields.Char()
    cc_list = fields.Text(string="Copies To", help="Nơi nhận: one line each, e.g. Như trên; Lưu: VT.")

    _code_unique = models.Constraint("UNIQUE(code)", "Another campaign already has this code.")
    _years = models.Constraint("CHECK(year_from <= year_to)", "The first year must not be after the last year.")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input(vals, "create")
        return super().create(vals_list)

    def write(self, vals):
        self._check_ids()
        self._check_input(vals)
        if self.env.su or not {"unit_ids", "issuing_unit_id"} & set(vals):
            return super().write(vals)
        members = {campaign: campaign.member_unit_ids for campaign in self}
        result = super().write(vals)
        for campaign in self:
            leaving = members[campaign] - campaign.member_unit_ids
            reports = self.env["emulation.submission"]._reports_in_use(leaving, campaign)
            if reports:
                raise UserError(
                    self.env._(
                        "These units cannot leave %(campaign)s: their reports count in its totals.\n%(reports)s",
                        campaign=campaign.name,
                        reports="\n".join(f"• {name}" for name in reports.mapped("display_name")),
                    )
                )
        return result

    @api.depends(
        "unit_ids",
        "unit_ids.parent_path",
        "issuing_unit_id",
        "issuing_unit_id.parent_path",
        "issuing_unit_id.predecessor_ids",
    )
    def _compute_member_unit_ids(self):
        """The reporting units and the units above them up to the issuing unit, or up to
        a unit it took over from (the history of a campaign that changed hands)."""
        for campaign in self:
            issuers = set(campaign.issuing_unit_id._predecessors_closure().ids)
            ids = set(campaign.issuing_unit_id.ids)
            for unit in campaign.unit_ids:
                path = [int(i) for i in (unit.parent_path or "").split("/") if i]
                top = next((index for index, unit_id in enumerate(path) if unit_id in issuers), None)
                if top is not None:
                    ids.update(path[top:])
            campaign.member_unit_ids = [fields.Command.set(sorted(ids))]

    def _compute_submission_count(self):
        counts = dict(
            self.env["emulation.submission"]._read_group(
                [("campaign_id", "in", self.ids)], ["campaign_id"], ["__count"]
            )
        )
        for campaign in self:
            campaign.submission_count = counts.get(campaign, 0)

    @api.constrains("unit_ids", "issuing_unit_id")
    def _check_unit_ids(self):
        for campaign in self:
            outside = campaign.unit_ids - campaign.member_unit_ids
            if outside:
                raise ValidationError(
                    self.env._(
                        "The reporting units must lie below the issuing unit %(issuing)s: %(units)s.",
                        issuing=campaign.issuing_unit_id.name,
                        units=", ".join(outside.mapped("name")),
                    )
                )

    @api.constrains("deadline_day", "deadline_month", "year_from", "year_to")
    def _check_deadline(self):
        for campaign in self:
            for year in range(campaign.year_from, campaign.year_to + 1):
                try:
                    datetime.date(year, campaign.deadline_month, campaign.deadline_day)
                except ValueError:
                    raise ValidationError(
                        self.env._(
                            "Day %(day)s of month %(month)s is not a valid deadline in %(year)s.",
                            day=campaign.deadline_day,
                            month=campaign.deadline_month,
                            year=year,
                        )
                    ) from None
            if not 1900 < campaign.year_from <= campaign.year_to < 2200:
                raise ValidationError(self.env._("The campaign's years must lie between 1901 and 2199."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_launched(self):
        launched = self.filtered(lambda c: c.state != "draft" or c.submission_ids)
        if launched:
            raise UserError(
                self.env._(
                    "Launched campaigns keep their reports and cannot be deleted; close them instead: %(campaigns)s.",
                    campaigns=", ".join(launched.mapped("name")),
                )
            )

    def _check_manager(self):
        if not self.env.user.has_group("emulation_campaign.group_emulation_manager"):
            raise AccessError(self.env._("Only emulation managers can launch or close a campaign."))

    def action_launch(self):
        """draft → running: create the periods and the draft reports of the periods that have begun."""
        self._check_manager()
        # (asked in SQL: reading the reporting units would load thousands of them)
        with_units = set(self.search([("id", "in", self.ids), ("unit_ids", "!=", False)]).ids)
        for campaign in self:
            if campaign.state != "draft":
                raise UserError(self.env._("Campaign %(campaign)s has already been launched.", campaign=campaign.name))
            if not campaign.criterion_ids:
                raise UserError(
                    self.env._("Add the criteria of %(campaign)s before launching it.", campaign=campaign.name)
                )
            if campaign.id not in with_units:
                raise UserError(
                    self.env._(
                        "Choose the reporting units of %(campaign)s before launching it.", campaign=campaign.name
                    )
                )
        period_vals = []
        for campaign in self:
            existing = set(campaign.period_ids.mapped("date_from"))
            for year in range(campaign.year_from, campaign.year_to + 1):
                if datetime.date(year, 1, 1) not in existing:
                    period_vals.append(
                        {
                            "campaign_id": campaign.id,
                            "name": str(year),
                            "date_from": datetime.date(year, 1, 1),
                            "date_to": datetime.date(year, 12, 31),
                            "deadline": datetime.date(year, campaign.deadline_month, campaign.deadline_day),
                        }
                    )
        self.env["emulation.period"].create(period_vals)
        self.sudo().write({"state": "running"})
        self.period_ids._create_missing_submissions()
        return True

    def action_close(self):
        self._check_manager()
        not_running = self.filtered(lambda c: c.state != "running")
        if not_running:
            raise UserError(
                self.env._(
                    "Only running campaigns can be closed: %(campaigns)s.",
                    campaigns=", ".join(not_running.mapped("name")),
                )
            )
        self.sudo().write({"state": "closed"})
        return True

    def action_open_submissions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("emulation_campaign.emulation_submission_action")
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"default_campaign_id": self.id}
        return action
