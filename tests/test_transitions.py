"""The workflow's transition table is the only source of its rules: the actions' checks,
the buttons, the history and the chatter follow a row changed or added, and nothing else."""

import dataclasses
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL

from ..models.emulation_submission_transitions import STATE_ORDER, TRANSITIONS, Transition
from .common import EmulationCase

# The steps a user takes, and how a test takes each (return needs a reason, a
# consolidation may leave units out).
ACTIONS = {
    "submit": lambda s: s.action_submit(),
    "approve": lambda s: s.action_approve(),
    "unapprove": lambda s: s.action_unapprove(),
    "return": lambda s: s.action_return("Recount"),
    "consolidate": lambda s: s.action_consolidate(force=True),
    "undo_consolidation": lambda s: s.action_undo_consolidation(),
}


class Taken(Exception):
    """The step was taken (and is rolled back)."""


@tagged("post_install", "-at_install")
class TestTransitionTable(EmulationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign.criterion_ids.weight = 0
        cls.criteria["1"].weight = 1
        cls.env["emulation.target"].with_user(cls.manager).create(
            {"criterion_id": cls.criteria["1"].id, "period_id": cls.period.id, "value": 100}
        )

    def force_state(self, submission, state):
        submission.sudo().write({"state": state})
        submission.invalidate_recordset()

    def allowed(self, submission, user):
        mine = submission.with_user(user)
        mine.invalidate_recordset(["allowed_actions"])
        return mine.allowed_actions or []

    def refused(self, submission, user, step):
        """Whether the table refuses the step (a state not in its row, a user without its
        role); any other outcome (done, or stopped for a reason of its own) is allowed."""
        try:
            with self.env.cr.savepoint():
                ACTIONS[step](submission.with_user(user))
                self.env.flush_all()
                raise Taken  # undo it: the next user meets the same report
        except Taken:
            return False
        except AccessError:
            return True
        except UserError as error:
            return "is not possible" in str(error)
        finally:
            self.env.invalidate_all()

    def test_buttons_are_the_tables_answer(self):
        c11, d1 = self.submission(self.c11), self.submission(self.d1)
        self.fill(c11, {"1": 5}, self.c11_user)
        self.fill(d1, {"1": 5}, self.d1_user)
        # the users who see each report
        users = {
            c11: (self.c11_user, self.d1_user, self.province_user, self.manager),
            d1: (self.d1_user, self.province_user, self.manager),
        }
        for state in STATE_ORDER:
            for submission in (c11, d1):
                self.force_state(submission, state)
                for user in users[submission]:
                    allowed = self.allowed(submission, user)
                    for step in ACTIONS:
                        if step == "undo_consolidation":
                            continue  # nothing to undo here: its button shows only once consolidated
                        with self.subTest(state=state, unit=submission.unit_id.name, user=user.login, step=step):
                            # the button shows exactly when the action lets the user take the step
                            self.assertEqual(
                                step in allowed,
                                not self.refused(submission, user, step)
                                and (step != "consolidate" or submission.has_units_below),
                            )
        # the answer in the cases that matter most, written out
        for state, submission, user, expected in (
            ("draft", c11, self.c11_user, ["submit"]),
            ("draft", c11, self.d1_user, []),
            ("draft", d1, self.d1_user, ["submit", "consolidate"]),
            ("submitted", c11, self.d1_user, ["approve", "return"]),
            ("submitted", c11, self.c11_user, []),
            ("approved", c11, self.province_user, ["unapprove", "return"]),
            ("approved", d1, self.d1_user, []),
            ("consolidated", c11, self.manager, []),
        ):
            with self.subTest(state=state, unit=submission.unit_id.name, user=user.login):
                self.force_state(submission, state)
                self.assertEqual(self.allowed(submission, user), expected)

    def test_roles_are_the_tables_roles(self):
        c11, d1 = self.submission(self.c11), self.submission(self.d1)
        for submission in (c11, d1):
            for user in (self.c11_user, self.d1_user, self.province_user, self.manager, self.d2_user):
                mine = submission.with_user(user)
                with self.subTest(unit=submission.unit_id.name, user=user.login):
                    self.assertEqual(
                        (mine.can_submit, mine.can_review, mine.can_consolidate),
                        tuple(
                            submission._has_role(TRANSITIONS[step].role, user)
                            for step in ("submit", "approve", "consolidate")
                        ),
                    )

    def test_each_action_refuses_the_states_outside_its_row(self):
        c11, d1 = self.submission(self.c11), self.submission(self.d1)
        self.fill(c11, {"1": 5}, self.c11_user)
        # a user holding the step's role on the report
        takers = {
            "submit": (c11, self.c11_user),
            "approve": (c11, self.d1_user),
            "unapprove": (c11, self.d1_user),
            "return": (c11, self.d1_user),
            "consolidate": (d1, self.d1_user),
            "undo_consolidation": (d1, self.d1_user),
        }
        for step, (submission, user) in takers.items():
            for state in STATE_ORDER:
                if state in TRANSITIONS[step].from_states:
                    continue
                with self.subTest(step=step, state=state):
                    self.force_state(submission, state)
                    with self.assertRaisesRegex(UserError, str(TRANSITIONS[step].label) + " is not possible"):
                        ACTIONS[step](submission.with_user(user))
                    self.assertEqual(submission.state, state)

    def test_a_changed_row_is_followed(self):
        c11 = self.submission(self.c11)
        self.fill(c11, {"1": 5}, self.c11_user)
        c11.with_user(self.c11_user).action_submit()
        c11.with_user(self.d1_user).action_return("Recount")
        self.assertNotIn("approve", self.allowed(c11, self.d1_user))
        with self.assertRaisesRegex(UserError, "Approving is not possible"):
            c11.with_user(self.d1_user).action_approve()
        # a row that lets a returned report be approved as it stands
        lenient = dataclasses.replace(TRANSITIONS["approve"], from_states=("submitted", "returned"))
        with patch.dict(TRANSITIONS, {"approve": lenient}):
            self.assertIn("approve", self.allowed(c11, self.d1_user))
            self.assertNotIn("approve", self.allowed(c11, self.c11_user))
            c11.with_user(self.d1_user).action_approve()
        self.assertEqual(c11.state, "approved")
        self.assertEqual(
            [(h.from_state, h.to_state) for h in c11.history_ids.sorted("id")][-1], ("returned", "approved")
        )

    def test_a_new_row_is_a_step(self):
        """A step added to the table: its button shows to its role in its states, its checks
        and its history come with it."""
        c11 = self.submission(self.c11)
        reopen = Transition(
            "reopen", ("consolidated",), "draft", "consolidator", "Reopening", "Not yours: %(reports)s."
        )
        with patch.dict(TRANSITIONS, {"reopen": reopen}):
            self.assertNotIn("reopen", self.allowed(c11, self.manager))
            with self.assertRaisesRegex(UserError, "Reopening is not possible"):
                c11.with_user(self.manager)._check_step("reopen")
            self.force_state(c11, "consolidated")
            self.assertEqual(self.allowed(c11, self.manager), ["reopen"])
            self.assertEqual(self.allowed(c11, self.c11_user), [])
            with self.assertRaisesRegex(AccessError, "Not yours: Commune 11"):
                c11.with_user(self.d1_user)._check_step("reopen")
            mine = c11.with_user(self.manager)
            mine._check_step("reopen")
            mine._take_step("reopen")
        self.assertEqual(c11.state, "draft")
        self.assertRecordValues(
            c11.history_ids, [{"from_state": "consolidated", "to_state": "draft", "user_id": self.manager.id}]
        )
        # without the row, the move is no step of the workflow
        with self.assertRaises(ValueError):
            c11._record_transitions("consolidated")

    def test_unapprove(self):
        """An approver who approved too fast takes the approval back: the report awaits
        review again, the unit has nothing to correct."""
        c11 = self.submission(self.c11)
        self.submit_and_approve(self.c11, {"1": 40}, self.c11_user, self.d1_user)
        score, rank = c11.score, c11.rank
        self.assertEqual((score, rank), (40.0, 1))
        self.assertFalse(c11.activity_ids)
        # not the unit's officer, not an approver of another branch
        for user in (self.c11_user, self.d2_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                c11.with_user(user).action_unapprove()
        self.assertNotIn("unapprove", self.allowed(c11, self.c11_user))
        self.assertIn("unapprove", self.allowed(c11, self.province_user))
        done = c11.with_user(self.province_user).with_context(emulation_notify=True).action_unapprove()
        self.assertEqual(done["tag"], "display_notification")
        self.assertEqual(c11.state, "submitted")
        self.assertFalse(c11.approved_by_id)
        self.assertFalse(c11.approved_date)
        self.assertFalse(c11.return_reason)
        last = c11.history_ids.sorted("id")[-1]
        self.assertEqual((last.from_state, last.to_state, last.user_id), ("approved", "submitted", self.province_user))
        # the reviewers are asked again; the chatter says it once
        self.assertEqual(c11.activity_ids.user_id, self.d1_user)
        tracked = c11.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "state")
        self.assertEqual(tracked.sorted("id").mapped("new_value_char"), ["Submitted", "Approved", "Submitted"])
        # still scored and ranked as a submitted report; a second click meets the state
        self.assertEqual((c11.score, c11.rank), (score, rank))
        with self.assertRaisesRegex(UserError, "Taking the approval back is not possible"):
            c11.with_user(self.d1_user).action_unapprove()
        c11.with_user(self.d1_user).action_approve()
        self.assertEqual((c11.state, c11.approved_by_id), ("approved", self.d1_user))

    def test_chatter_is_derived_from_the_history(self):
        """Every transition, the reports below a consolidation included, is one history row;
        every step a person takes is also one chatter entry saying the same (no second
        tracking of the state); the moves of the reports below are named in the chatter of
        the report that consolidated them."""
        c11 = self.submit_and_approve(self.c11, {"1": 10}, self.c11_user, self.d1_user)
        c12 = self.submit_and_approve(self.c12, {"1": 20}, self.c12_user, self.d1_user)
        d1 = self.submission(self.d1)
        self.assertFalse(d1.holds_consolidation)
        d1.with_user(self.d1_user).action_consolidate()
        self.assertTrue(d1.holds_consolidation)
        d1.with_user(self.d1_user).action_undo_consolidation()
        self.assertFalse(d1.holds_consolidation)
        self.env.flush_all()
        for report in (c11, c12, d1):
            report.invalidate_recordset(["message_ids"])
            moves = [
                (h.from_state, h.to_state)
                for h in report.history_ids.sorted("id")
                if h.from_state != h.to_state and {h.from_state, h.to_state} != {"approved", "consolidated"}
            ]
            tracked = report.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "state")
            labels = dict(report._fields["state"]._description_selection(self.env))
            self.assertEqual(
                [(t.old_value_char, t.new_value_char) for t in tracked.sorted("id")],
                [(labels[a], labels[b]) for a, b in moves],
            )
        self.assertEqual(
            [h.to_state for h in c11.history_ids.sorted("id")], ["submitted", "approved", "consolidated", "approved"]
        )
        self.assertEqual(c11.history_ids.sorted("id")[-1].reason, "Consolidation undone")
        self.assertFalse(c11.message_ids.filtered(lambda m: "Consolidation undone" in (m.body or "")))
        consolidated = d1.message_ids.filtered(lambda m: "Consolidated 2 report(s)" in (m.body or ""))
        self.assertEqual(len(consolidated), 1, "the consolidation's history row, said once in the chatter")

    def test_stored_fields_follow_a_raw_move(self):
        """The reports below are moved in one statement with their history: the ORM is
        told, what is stored from their state and place (the report holding them, the
        score and rank) follows, and a move the table has no row for is refused."""
        c11 = self.submission(self.c11)
        d1 = self.submission(self.d1)
        self.fill(c11, {"1": 60}, self.c11_user)
        self.force_state(c11, "approved")
        self.assertEqual((c11.score, c11.rank), (60.0, 1))
        c11._move_below(d1, "consolidated")
        self.env.flush_all()
        self.assertEqual(c11.state, "consolidated")
        self.assertEqual(c11.parent_submission_id, d1)
        self.assertTrue(d1.holds_consolidation)
        self.assertEqual(d1.source_submission_ids, c11)
        self.assertEqual((c11.score, c11.rank), (60.0, 1))
        stored = self.env.execute_query_dict(
            SQL("SELECT state, parent_submission_id, score, rank FROM emulation_submission WHERE id = %s", c11.id)
        )
        self.assertEqual(stored, [{"state": "consolidated", "parent_submission_id": d1.id, "score": 60.0, "rank": 1}])
        last = c11.history_ids[:1]
        self.assertEqual((last.from_state, last.to_state, last.user_id), ("approved", "consolidated", self.env.user))
        c11._move_below(d1.browse(), "approved", "undone")
        self.env.flush_all()
        self.assertFalse(d1.holds_consolidation)
        self.assertFalse(c11.parent_submission_id)
        self.assertEqual((c11.state, c11.score, c11.rank), ("approved", 60.0, 1))
        self.assertEqual(c11.history_ids[:1].mapped("reason"), ["undone"])
        with self.assertRaisesRegex(ValueError, "No step of the workflow"):
            c11._move_below(d1, "draft")
        self.assertEqual(c11.state, "approved")
