from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL


class EmulationUnit(models.Model):
    _name = "emulation.unit"
    _description = "Organisation Unit"
    _inherit = ["mail.thread", "emulation.input.mixin"]
    _parent_store = True
    _order = "parent_path, sequence, name, id"
    _rec_names_search = ["name", "code", "complete_name"]

    # What a manager may set (the only role that writes units).
    # Closing (date_end, successors) goes through action_close.
    _user_create_fields = _user_write_fields = frozenset(
        {"name", "code", "sequence", "active", "parent_id", "level_id", "partner_id", "user_ids", "date_start"}
    )

    name = fields.Char(required=True, tracking=True, translate=False)
    code = fields.Char(required=True, tracking=True, help="Short unique code, used in document symbols.")
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    parent_id = fields.Many2one("emulation.unit", string="Parent Unit", index=True, ondelete="restrict", tracking=True)
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("emulation.unit", "parent_id", string="Child Units")
    level_id = fields.Many2one("emulation.unit.level", ondelete="restrict", tracking=True)
    partner_id = fields.Many2one(
        "res.partner", string="Contact", ondelete="restrict", help="Address and contact details of the unit."
    )
    user_ids = fields.Many2many(
        "res.users",
        "emulation_unit_res_users_rel",
        "unit_id",
        "user_id",
        string="Officers",
        help="Users who report for this unit; with the Approver role they also review the units below it.",
    )
    supervisor_user_ids = fields.Many2many(
        "res.users",
        string="Supervising Officers",
        compute="_compute_supervisor_user_ids",
        search="_search_supervisor_user_ids",
        help="Officers of the units above this one, at any depth.",
    )
    child_count = fields.Integer(compute="_compute_child_count")
    submission_ids = fields.One2many("emulation.submission", "unit_id", string="Reports")
    submission_count = fields.Integer(compute="_compute_submission_count")

    _code_unique = models.Constraint("UNIQUE(code)", "Another unit already has this code.")

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for unit in self:
            if unit.parent_id:
                unit.complete_name = f"{unit.parent_id.complete_name} / {unit.name}"
            else:
                unit.complete_name = unit.name

    @api.depends("parent_path", "user_ids", "successor_ids")
    def _compute_supervisor_user_ids(self):
        """The officers of the units above, and of the units that took over this unit or a
        unit above it, and of the units above those (the same rule as
        _supervised_by_sql). A few queries whatever the number of units."""
        ancestor_ids = {unit.id: [int(i) for i in (unit.parent_path or "").split("/")[:-2] if i] for unit in self}
        lineage = self | self.browse({i for ids in ancestor_ids.values() for i in ids})
        # successors at any remove, level by level in one query each
        successors_of = {}
        todo = lineage
        while todo:
            successors_of.update({unit.id: unit.successor_ids.ids for unit in todo})
            todo = self.browse({i for ids in successors_of.values() for i in ids} - set(successors_of))
        reached = self.browse(set(successors_of))
        heir_ancestors = {heir.id: [int(i) for i in heir.parent_path.split("/")[:-2] if i] for heir in reached}
        everyone = reached | self.browse({i for ids in heir_ancestors.values() for i in ids})
        users_of = {unit.id: unit.user_ids for unit in everyone}
        no_users = self.env["res.users"]

        def heirs_of(unit_ids):
            found, todo = set(), set(unit_ids)
            while todo:
                todo = {s for i in todo for s in successors_of.get(i, ())} - found
                found |= todo
            return found

        for unit in self:
            chain = [unit.id, *ancestor_ids[unit.id]]
            supervisors = no_users.union(*(users_of[i] for i in ancestor_ids[unit.id]))
            for heir in heirs_of(chain) - set(chain):
                supervisors |= no_users.union(users_of[heir], *(users_of[i] for i in heir_ancestors[heir]))
            unit.supervisor_user_ids = supervisors

    def _search_supervisor_user_ids(self, operator, value):
        """Units strictly below a unit one of the given users is an officer of, and
        the history their units took over (see ``_supervised_by_sql``).

        Resolved in SQL when the query runs, so record rules built on it follow
        any change of officers at once (rule domains are cached per user).
        """
        if operator != "in":
            return NotImplemented
        user_ids = [v for v in value if isinstance(v, int)]
        if not user_ids:
            return Domain.FALSE
        return Domain.custom(to_sql=lambda model, alias, query: model._supervised_by_sql(user_ids, alias))

    def _supervised_by_sql(self, user_ids, alias):
        """The unit of the row ``alias`` is strictly below a unit one of the users is an
        officer of — asked of that row, so that a query on a few reports (a form, an access
        check, an export) does not list every unit below the centre first — or is at or
        below a unit that any unit at or below such a unit took over from, at any remove:
        one of the units on its path (its parent_path) is among those predecessors, listed
        once per query (the restructuring's few). Written so that PostgreSQL estimates it as
        cheap as it is: a join of the predecessors with every unit below them, never run
        for a form, was estimated costly enough to have each query compiled (JIT), some
        30 ms a query once a restructuring had taken place."""
        parent_path, unit_id = SQL.identifier(alias, "parent_path"), SQL.identifier(alias, "id")
        return SQL(
            """(EXISTS(SELECT FROM emulation_unit_res_users_rel rel
                          JOIN emulation_unit own ON own.id = rel.unit_id
                         WHERE rel.user_id IN %(users)s
                           AND %(parent_path)s LIKE own.parent_path || '%%' AND %(unit_id)s != own.id)
                OR string_to_array(rtrim(%(parent_path)s, '/'), '/')::int[] && ARRAY(
                    WITH RECURSIVE own AS (
                        SELECT anc.id, anc.parent_path
                          FROM emulation_unit_res_users_rel rel
                          JOIN emulation_unit anc ON anc.id = rel.unit_id
                         WHERE rel.user_id IN %(users)s
                    ), inherited(id) AS (
                        SELECT s.predecessor_id
                          FROM own
                          JOIN emulation_unit scope ON scope.parent_path LIKE own.parent_path || '%%'
                          JOIN emulation_unit_succession_rel s ON s.successor_id = scope.id
                         UNION
                        SELECT s.predecessor_id
                          FROM inherited
                          JOIN emulation_unit_succession_rel s ON s.successor_id = inherited.id
                    )
                    SELECT id FROM inherited))""",
            users=tuple(user_ids),
            parent_path=parent_path,
            unit_id=unit_id,
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input(vals, "create")
        return super().create(vals_list)

    def write(self, vals):
        self._check_ids()
        self._check_input(vals)
        if not self.env.su:
            if "active" in vals and not vals["active"]:
                self.filtered("active")._check_may_leave()
            if "parent_id" in vals:
                moved = self.filtered(lambda unit: unit.parent_id.id != (vals["parent_id"] or False))
                moved._check_may_leave(moving=True)
        return super().write(vals)

    def _check_may_leave(self, moving=False):
        """Archiving or moving a unit takes it out of the consolidations of the units above
        it: refused while a campaign still running or in preparation holds a report of it
        (or, for a move, of a unit below it) that was submitted or that consolidates others,
        or while an archived unit would leave active units below it."""
        if not self:
            return
        units = self
        if moving:
            units = self.search([("id", "child_of", self.ids)])
        elif active_children := self.child_ids.filtered("active") - self:
            raise UserError(
                self.env._(
                    "These units still have active units below them: %(units)s. Archive or move those first.",
                    units=", ".join(active_children.mapped("complete_name")),
                )
            )
        reports = self.env["emulation.submission"]._reports_in_use(units)
        if not reports:
            return
        listed = "\n".join(f"• {name}" for name in reports.mapped("display_name"))
        if moving:
            raise UserError(
                self.env._(
                    "These units cannot move while their reports, or those of the units below them, count "
                    "in a running campaign (its totals would change without anyone knowing):\n%(reports)s",
                    reports=listed,
                )
            )
        raise UserError(
            self.env._(
                "These units cannot be archived while their reports count in a running campaign "
                "(its totals would change without anyone knowing):\n%(reports)s",
                reports=listed,
            )
        )

    def _compute_child_count(self):
        counts = dict(self._read_group([("parent_id", "in", self.ids)], ["parent_id"], ["__count"]))
        for unit in self:
            unit.child_count = counts.get(unit, 0)

    def _compute_submission_count(self):
        counts = dict(
            self.env["emulation.submission"]._read_group([("unit_id", "in", self.ids)], ["unit_id"], ["__count"])
        )
        for unit in self:
            unit.submission_count = counts.get(unit, 0)

    def action_open_submissions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("emulation_campaign.emulation_submission_action")
        action["domain"] = [("unit_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A unit cannot be placed below itself or one of its own child units."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        campaigns = (
            self.env["emulation.campaign"]
            .sudo()
            .search(["|", ("issuing_unit_id", "in", self.ids), ("unit_ids", "in", self.ids)])
        )
        used = self.filtered(lambda u: u.submission_ids or u.child_ids) | campaigns.issuing_unit_id & self
        used |= campaigns.unit_ids & self
        if used:
            raise UserError(
                self.env._(
                    "These units have units below them, reports or campaigns and cannot be deleted "
                    "(archive them instead): %(units)s.",
                    units=", ".join(used.mapped("name")),
                )
            )

    def _ancestor_ids(self):
        """Ids of this unit's ancestors, nearest last, from parent_path."""
        self.ensure_one()
        return [int(i) for i in self.parent_path.split("/")[:-2] if i]

    def action_open_children(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Units below %(unit)s", unit=self.name),
            "res_model": "emulation.unit",
            "view_mode": "list,form",
            "domain": [("parent_id", "=", self.id)],
            "context": {"default_parent_id": self.id},
        }
