import xmlrpc.client

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import EmulationCase, EmulationHttpCase


class CommendationMixin:
    def propose(self, user, proposer, **vals):
        vals = {
            "campaign_id": self.campaign.id,
            "period_id": self.period.id,
            "proposing_unit_id": proposer.id,
            "nominee_kind": "collective",
            "achievement": "Led the movement in its district.",
            **vals,
        }
        return self.env["emulation.commendation"].with_user(user).create(vals)


@tagged("post_install", "-at_install")
class TestCommendation(CommendationMixin, EmulationCase):
    def test_workflow_and_roles(self):
        """District 1 proposes Commune 11 and one of its people; the province decides."""
        collective = self.propose(self.d1_user, self.d1, nominee_unit_id=self.c11.id, form="bang_khen")
        with Form(self.env["emulation.commendation"].with_user(self.d1_user)) as form:
            form.campaign_id = self.campaign
            form.period_id = self.period
            form.nominee_kind = "individual"
            form.nominee_name = "Nguyễn Văn A"
            form.nominee_position = "Chủ tịch Hội CCB xã"
            form.nominee_unit_id = self.c12
            form.achievement = "Taught 40 members to use a smartphone."
        person = form.record
        self.assertEqual(person.proposing_unit_id, self.d1, "proposed by the user's own unit by default")
        self.assertEqual((collective.name, person.name), ("Commune 11", "Nguyễn Văn A"))
        proposals = collective | person
        # only the proposing unit's officers send it; the unit below cannot
        with self.assertRaises(AccessError):
            proposals.with_user(self.c11_user).action_propose()
        with self.assertRaises(AccessError):
            proposals.with_user(self.province_user).action_propose()
        proposals.with_user(self.d1_user).action_propose()
        self.assertEqual(set(proposals.mapped("state")), {"proposed"})
        self.assertEqual(proposals.proposed_by_id, self.d1_user)
        # nobody edits a sent proposal, nor its workflow fields
        with self.assertRaisesRegex(UserError, "draft"):
            collective.with_user(self.d1_user).write({"form": "co_thi_dua"})
        with self.assertRaises(UserError):
            collective.with_user(self.manager).write({"state": "approved"})
        with self.assertRaises(UserError):
            collective.with_user(self.d1_user).action_propose()
        # the proposing unit's own officer never decides; the one above does
        with self.assertRaises(AccessError):
            collective.with_user(self.d1_user).action_approve()
        with self.assertRaisesRegex(UserError, "reason"):
            person.with_user(self.province_user).action_reject("  ")
        collective.with_user(self.province_user).action_approve()
        person.with_user(self.province_user).action_reject("Already commended this year.")
        self.assertEqual((collective.state, person.state), ("approved", "rejected"))
        self.assertEqual(person.reject_reason, "Already commended this year.")
        self.assertEqual(collective.decided_by_id, self.province_user)
        self.assertIn("Already commended", person.message_ids[0].body)
        with self.assertRaises(UserError):
            collective.with_user(self.province_user).action_reject("Changed my mind")

    def test_scope(self):
        """Same scoping as the reports: own units write, units above read, others nothing."""
        mine = self.propose(self.c11_user, self.c11, nominee_unit_id=self.c11.id)
        theirs = self.propose(self.d2_user, self.d2, nominee_unit_id=self.d2.id)
        Commendation = self.env["emulation.commendation"]
        Commendation = Commendation.with_context(active_test=False)
        ours = [("campaign_id", "=", self.campaign.id)]
        self.assertEqual(Commendation.with_user(self.c11_user).search(ours), mine)
        self.assertEqual(Commendation.with_user(self.c12_user).search(ours), Commendation)
        self.assertEqual(Commendation.with_user(self.d1_user).search(ours), mine)
        self.assertEqual(Commendation.with_user(self.province_user).search(ours), mine | theirs)
        self.assertEqual(Commendation.with_user(self.manager).search(ours), mine | theirs)
        with self.assertRaises(AccessError):
            Commendation.with_user(self.outsider).search([])
        with self.assertRaises(AccessError):
            mine.with_user(self.d1_user).write({"achievement": "Written above"})
        with self.assertRaises(AccessError):
            self.propose(self.c11_user, self.c12, nominee_unit_id=self.c12.id)
        # a proposal outside one's tree
        with self.assertRaisesRegex(ValidationError, "only propose"):
            self.propose(self.c11_user, self.c11, nominee_unit_id=self.c12.id)
        with self.assertRaisesRegex(ValidationError, "only propose"):
            self.propose(self.d1_user, self.d1, nominee_unit_id=self.d2.id)
        with self.assertRaisesRegex(ValidationError, "unit proposed"):
            self.propose(self.d1_user, self.d1)
        with self.assertRaisesRegex(ValidationError, "full name"):
            self.propose(self.d1_user, self.d1, nominee_kind="individual", nominee_name=" ")
        with self.assertRaises(UserError):
            self.propose(self.d1_user, self.d1, nominee_unit_id=self.c11.id, state="approved")
        with self.assertRaises(UserError):
            self.propose(self.d1_user, self.d1, nominee_unit_id=self.c11.id, achievement=b"\x00")
        # drafts only are deleted
        mine.with_user(self.c11_user).action_propose()
        with self.assertRaises(UserError):
            mine.with_user(self.c11_user).unlink()
        # an approver who is also an officer of the proposing unit cannot decide
        with self.assertRaises(AccessError):
            mine.with_user(self.c12_user).action_approve()
        self.c11.user_ids = [(4, self.province_user.id)]
        with self.assertRaises(AccessError):
            mine.with_user(self.province_user).action_approve()
        mine.with_user(self.manager).action_approve()
        self.assertEqual(mine.state, "approved")

    def test_nobody_decides_their_own_proposal(self):
        """The officer who sent a proposal, moved up to the unit above, still cannot decide it."""
        proposal = self.propose(self.d1_user, self.d1, nominee_unit_id=self.c11.id)
        proposal.with_user(self.d1_user).action_propose()
        self.d1.sudo().user_ids = [(3, self.d1_user.id)]
        self.province.sudo().user_ids = [(4, self.d1_user.id)]
        self.assertIn(self.d1_user, self.d1.sudo().supervisor_user_ids, "now an approver above District 1")
        for action, args in (("action_approve", ()), ("action_reject", ("Not mine to decide",))):
            with self.assertRaisesRegex(AccessError, "not one of its officers"):
                getattr(proposal.with_user(self.d1_user), action)(*args)
        proposal.with_user(self.province_user).action_approve()
        self.assertEqual((proposal.state, proposal.decided_by_id), ("approved", self.province_user))

    def test_ranking_suggests_candidates(self):
        """The first units of each cluster become draft proposals of the unit above."""
        self.campaign.criterion_ids.weight = 0
        self.criteria["1"].weight = 1
        self.env["emulation.target"].create(
            {"criterion_id": self.criteria["1"].id, "period_id": self.period.id, "value": 100}
        )
        self.submit_and_approve(self.c11, {"1": 90}, self.c11_user, self.d1_user)
        self.submit_and_approve(self.c12, {"1": 40}, self.c12_user, self.d1_user)
        candidates = (
            self.env["emulation.submission"]
            .with_user(self.d1_user)
            .search(
                [
                    ("period_id", "=", self.period.id),
                    ("rank", "=", 1),
                    ("unit_id", "child_of", self.d1.id),
                    ("unit_id", "!=", self.d1.id),
                ]
            )
        )
        self.assertEqual(candidates.unit_id, self.c11)
        action = candidates.action_propose_commendation()
        proposal = self.env["emulation.commendation"].with_user(self.d1_user).search(action["domain"])
        self.assertEqual(
            (proposal.proposing_unit_id, proposal.nominee_unit_id, proposal.state), (self.d1, self.c11, "draft")
        )
        self.assertEqual((proposal.nominee_rank, proposal.nominee_score), (1, 90.0))
        self.assertIn("90.00/100", proposal.achievement)
        # District 2's officer cannot propose District 1's communes
        with self.assertRaises(AccessError):
            candidates.with_user(self.d2_user).action_propose_commendation()


@tagged("post_install", "-at_install")
class TestCommendationRpc(CommendationMixin, EmulationHttpCase):
    @mute_logger("odoo.addons.rpc.controllers.xmlrpc", "odoo.http")
    def test_workflow_over_xmlrpc(self):
        db = self.env.cr.dbname

        def call(user, method, ids, *args):
            return self.xmlrpc_object.execute_kw(
                db, user.id, user.login, "emulation.commendation", method, [ids, *args]
            )

        proposal_id = self.xmlrpc_object.execute_kw(
            db,
            self.d1_user.id,
            self.d1_user.login,
            "emulation.commendation",
            "create",
            [
                {
                    "campaign_id": self.campaign.id,
                    "proposing_unit_id": self.d1.id,
                    "nominee_unit_id": self.c12.id,
                    "achievement": "Best commune",
                    "form": "giay_khen",
                }
            ],
        )
        self.assertIs(call(self.d1_user, "action_propose", [proposal_id]), True)
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            call(self.d1_user, "action_approve", [proposal_id])
        self.assertEqual(caught.exception.faultCode, 4)
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            call(self.c11_user, "read", [proposal_id], ["state"])
        self.assertEqual(caught.exception.faultCode, 4)
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            call(self.province_user, "action_reject", [proposal_id], "")
        self.assertEqual(caught.exception.faultCode, 2)
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            call(self.d1_user, "write", [proposal_id], {"state": "approved"})
        self.assertEqual(caught.exception.faultCode, 2)
        self.assertIs(call(self.province_user, "action_approve", [proposal_id]), True)
        [read] = call(self.d1_user, "read", [proposal_id], ["state", "decided_by_id"])
        self.assertEqual((read["state"], read["decided_by_id"][0]), ("approved", self.province_user.id))
