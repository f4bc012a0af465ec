"""The draft reports of a launch, in bulk.

Launching a national campaign creates a report for each of its 3,356 units and one line
per criterion for each report (67,120 lines for 20 criteria), per period that has begun.
Through the ORM's create this took hundreds of queries and more than ten seconds in one
request; here the reports and their lines are two inserts in one SQL statement, whatever
the number of units, with the stored values the ORM would have given them (name, level,
cluster, top level, score and rank of a draft), and the chatter of each report as the ORM
would have left it (the creator follows it, the creation note)."""

from odoo import api, models
from odoo.tools import SQL

# The stored computed fields of a new draft report that the statement fills in itself
# (is_top_level is left to the ORM for the few reports of the issuing units).
SET_BY_STATEMENT = ("name", "level_id", "cluster_id", "score", "rank", "is_issued", "is_top_level")


class EmulationSubmission(models.Model):
    _inherit = "emulation.submission"

    @api.model
    def _create_drafts(self, periods):
        """Create the draft report of every unit taking part in the campaign of each of
        these periods and valid for it (it exists on the period's deadline), which has none
        yet, with one line per criterion of the campaign. Returns the new reports.

        The reports come in the order the ORM created them (period by period, units in
        their tree order), as the server's own records (created by the current user, no
        access check: the callers check who may launch)."""
        if not periods:
            return self.browse()
        # what the statement reads: the membership, the units, the clusters, the criteria
        self.env.flush_all()
        now = self.env.cr.now()
        rows = self.env.execute_query(
            SQL(
                """
                WITH reports AS (
                    INSERT INTO emulation_submission (
                        campaign_id, period_id, unit_id, level_id, name, state, active, cluster_id,
                        is_top_level, is_issued, score, rank, create_uid, create_date, write_uid, write_date)
                    SELECT p.campaign_id, p.id, u.id, u.level_id, COALESCE(u.name, '') || ' – ' || COALESCE(p.name, ''),
                           'draft', TRUE,
                           (SELECT c.id
                              FROM emulation_cluster c
                              JOIN emulation_cluster_unit_rel cu ON cu.cluster_id = c.id
                             WHERE c.campaign_id = p.campaign_id AND cu.unit_id = u.id
                          ORDER BY c.sequence DESC, c.name DESC, c.id DESC
                             LIMIT 1),
                           FALSE, FALSE, 0.0, 0, %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM unnest(%(periods)s::int[]) WITH ORDINALITY AS todo(period_id, position)
                      JOIN emulation_period p ON p.id = todo.period_id
                      JOIN emulation_campaign_member_unit_rel m ON m.campaign_id = p.campaign_id
                      JOIN emulation_unit u ON u.id = m.unit_id
                     WHERE u.active AND %(valid)s
                       AND NOT EXISTS (SELECT FROM emulation_submission s
                                        WHERE s.campaign_id = p.campaign_id AND s.period_id = p.id
                                          AND s.unit_id = u.id)
                  ORDER BY todo.position, u.parent_path, u.sequence, u.name, u.id
                        ON CONFLICT (campaign_id, period_id, unit_id) DO NOTHING
                 RETURNING id, campaign_id, period_id, unit_id, level_id
                ),
                lines AS (
                    INSERT INTO emulation_submission_line (
                        submission_id, criterion_id, sequence, campaign_id, unit_id, level_id, period_id,
                        create_uid, create_date, write_uid, write_date)
                    SELECT r.id, c.id, COALESCE(c.sequence, 0), r.campaign_id, r.unit_id, r.level_id, r.period_id,
                           %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM reports r
                      JOIN emulation_criterion c ON c.campaign_id = r.campaign_id
                  ORDER BY r.id, c.sequence, c.id
                )
                SELECT id, campaign_id, unit_id FROM reports ORDER BY id
                """,
                periods=list(periods.ids),
                valid=self.env["emulation.unit"]._valid_sql("u", SQL("p.deadline")),
                uid=self.env.uid,
                now=now,
            )
        )
        reports = self.browse([row[0] for row in rows])
        if not reports:
            return reports
        reports._notify_created()
        # The top level: the reports of the issuing units (and the units they took over
        # from), a few, computed by the ORM; every other report is not.
        issuers = {
            campaign.id: set(campaign.issuing_unit_id._predecessors_closure().ids)
            for campaign in self.env["emulation.campaign"].browse({row[1] for row in rows})
        }
        self.env.add_to_compute(
            self._fields["is_top_level"],
            self.browse(row[0] for row in rows if row[2] in issuers[row[1]]),
        )
        reports._copy_creation_chatter()
        return reports

    def _notify_created(self):
        """Tell the ORM about these reports and their lines, inserted in SQL: nothing of
        them is in its cache yet, but the lists that hold them (a campaign's, a period's, a
        unit's reports, a criterion's lines) may be; and their stored computed fields hold
        their values already (what the lines change of their report too)."""
        Line = self.env["emulation.submission.line"]
        for model, names in (
            (self, ("campaign_id", "period_id", "unit_id", "level_id", "cluster_id")),
            (Line, ("submission_id", "criterion_id", "campaign_id", "unit_id", "level_id", "period_id")),
        ):
            for name in names:
                for inverse in self.pool.field_inverses[model._fields[name]]:
                    self.env[inverse.model_name].invalidate_model([inverse.name], flush=False)
        computed = [field for field in self._fields.values() if field.store and field.compute]
        with self.env.protecting(computed, self):
            self.modified([*SET_BY_STATEMENT, "campaign_id", "period_id", "unit_id", "state", "active"], create=True)
            # the lines' own related fields are set; what their creation changes is their report's
            self.modified(["line_ids"], create=True)

    def _copy_creation_chatter(self):
        """What mail.thread's create leaves on each report — the creator follows it
        (unless told not to), the followers it subscribes automatically, the creation
        note — done through the ORM for the first report and copied in SQL to the others:
        all depend on the user and the model only (no subtype of the reports follows a
        parent record)."""
        context = self.env.context
        if context.get("tracking_disable"):
            return
        first, others = self[:1], self[1:]
        user = self.env.user
        if not context.get("mail_create_nosubscribe") and user.active and not user.share:
            self.env["mail.followers"]._insert_followers(
                first._name, first.ids, user.partner_id.ids, subtypes=None, customer_ids=[], check_existing=False
            )
        first._message_auto_subscribe(
            {"campaign_id": first.campaign_id.id, "period_id": first.period_id.id, "unit_id": first.unit_id.id},
            followers_existing_policy="update",
        )
        if not context.get("mail_create_nolog"):
            first._message_log_batch(bodies={first.id: first._creation_message()})
        if not others:
            return
        Followers, Message = self.env["mail.followers"], self.env["mail.message"]
        Followers.flush_model()
        Message.flush_model()
        subtypes = Followers._fields["subtype_ids"]
        self.env.cr.execute(
            SQL(
                """
                WITH template AS (
                    SELECT id, partner_id FROM mail_followers WHERE res_model = %(model)s AND res_id = %(first)s
                ),
                followers AS (
                    INSERT INTO mail_followers (res_model, res_id, partner_id)
                    SELECT %(model)s, r.id, t.partner_id
                      FROM unnest(%(others)s::int[]) AS r(id), template t
                  ORDER BY r.id, t.id
                 RETURNING id, partner_id
                )
                INSERT INTO %(rel)s (%(follower)s, %(subtype)s)
                SELECT f.id, rel.%(subtype)s
                  FROM followers f
                  JOIN template t ON t.partner_id = f.partner_id
                  JOIN %(rel)s rel ON rel.%(follower)s = t.id
                """,
                model=self._name,
                first=first.id,
                others=others.ids,
                rel=SQL.identifier(subtypes.relation),
                follower=SQL.identifier(subtypes.column1),
                subtype=SQL.identifier(subtypes.column2),
            )
        )
        columns = [
            SQL.identifier(name)
            for name, field in Message._fields.items()
            if field.store and field.column_type and name not in ("id", "res_id")
        ]
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO mail_message (%(columns)s, res_id)
                SELECT %(columns)s, r.id
                  FROM unnest(%(others)s::int[]) AS r(id), mail_message m
                 WHERE m.model = %(model)s AND m.res_id = %(first)s
              ORDER BY r.id, m.id
                """,
                columns=SQL(", ").join(columns),
                others=others.ids,
                model=self._name,
                first=first.id,
            )
        )
        self.invalidate_recordset(["message_ids", "message_follower_ids", "message_partner_ids"], flush=False)
