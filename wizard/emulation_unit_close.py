from markupsafe import Markup

from odoo import api, fields, models


class EmulationUnitClose(models.TransientModel):
    """The restructuring screen: the units that close, the day, their successors (picked
    or created: one for a merge, several for a split), a preview of what happens to the
    reports, then confirm (``emulation.unit.action_close``)."""

    _name = "emulation.unit.close"
    _description = "Close Units (Restructuring)"

    unit_ids = fields.Many2many(
        "emulation.unit",
        string="Closing Units",
        required=True,
        default=lambda self: self.env.context.get("active_ids") or [],
        domain=[("date_end", "=", False)],
    )
    date_end = fields.Date(string="Last Day", required=True, help="The last day the closing units exist.")
    create_successor = fields.Boolean(string="Create the Successor", help="The units merge into a new unit.")
    successor_ids = fields.Many2many(
        "emulation.unit",
        "emulation_unit_close_successor_rel",
        string="Successors",
        domain=[("date_end", "=", False)],
        help="One unit for a merge, several for a split.",
    )
    new_name = fields.Char(string="Name of the New Unit")
    new_code = fields.Char(string="Code of the New Unit")
    new_parent_id = fields.Many2one("emulation.unit", string="Parent of the New Unit")
    new_level_id = fields.Many2one("emulation.unit.level", string="Level of the New Unit")
    force = fields.Boolean(
        string="Keep Filled Reports Aside",
        help="Reports that already hold figures for later periods stay, outside completeness and consolidation.",
    )
    preview = fields.Html(compute="_compute_preview", sanitize=False)

    @api.depends("unit_ids", "date_end")
    def _compute_preview(self):
        for wizard in self:
            if not wizard.unit_ids or not wizard.date_end:
                wizard.preview = False
                continue
            campaigns, handed_over, reports, filled = wizard.unit_ids._close_plan(wizard.date_end)
            items = [
                (self.env._("Running campaigns they report in"), campaigns.mapped("name")),
                (self.env._("Campaigns handed over to the successor"), handed_over.mapped("name")),
                (self.env._("Empty reports removed"), (reports - filled).mapped("display_name")),
                (
                    self.env._("Reports holding figures, kept outside completeness (needs the box below)"),
                    filled.mapped("display_name"),
                ),
            ]
            wizard.preview = Markup("").join(
                Markup("<p><strong>%s</strong> (%s)</p><ul>%s</ul>")
                % (title, len(names), Markup("").join(Markup("<li>%s</li>") % name for name in names))
                for title, names in items
            )

    def action_confirm(self):
        self.ensure_one()
        successors = self.successor_ids
        if self.create_successor:
            successors = self.env["emulation.unit"].create(
                {
                    "name": self.new_name,
                    "code": self.new_code,
                    "parent_id": self.new_parent_id.id,
                    "level_id": self.new_level_id.id,
                    "date_start": fields.Date.add(self.date_end, days=1),
                }
            )
        self.unit_ids.action_close(self.date_end, successors.ids, force=self.force)
        return {
            "type": "ir.actions.act_window",
            "res_model": "emulation.unit",
            "name": self.env._("Successors"),
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", successors.ids)],
            "context": {"create": False},
        }
