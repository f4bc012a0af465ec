from odoo import models


class EmulationCampaign(models.Model):
    _inherit = "emulation.campaign"

    def action_open_yearly_figures(self):
        """Each criterion's top-level figure per year, across a handover of the campaign:
        the figures of the issuing unit's report of each period (pivot, graph, list)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("emulation_campaign.emulation_submission_line_action")
        action.update(
            {
                "name": self.env._("%(campaign)s: figures by year", campaign=self.name),
                "domain": [("campaign_id", "=", self.id), ("submission_id.is_top_level", "=", True)],
                "view_mode": "pivot,graph,list",
                "views": [(False, "pivot"), (False, "graph"), (False, "list")],
                "context": {
                    "pivot_row_groupby": ["criterion_id"],
                    "pivot_column_groupby": ["period_id"],
                    "pivot_measures": ["value_number"],
                    "graph_groupbys": ["period_id", "criterion_id"],
                    "graph_mode": "line",
                    "group_by": ["criterion_id"],
                },
            }
        )
        return action
