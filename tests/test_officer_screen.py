import io

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from ..models import vn_format
from .common import EmulationCase


@tagged("post_install", "-at_install")
class TestOfficerScreen(EmulationCase):
    """What the report's form shows and accepts: 0 and No are answers, every problem of a
    save at once, only the buttons the user may press, a notification after each step."""

    def line(self, submission, code):
        return submission.line_ids.filtered(lambda line: line.code == code)

    def test_untouched_lines_are_empty_and_zero_and_no_are_answers(self):
        c11 = self.submission(self.c11).with_user(self.c11_user)
        self.criteria["4"].required = True
        self.assertEqual(c11.line_ids.mapped("value_input"), [False] * 6, "an untouched report shows nothing")

        c11.write(
            {
                "line_ids": [
                    (1, self.line(c11, "1").id, {"value_input": "0"}),
                    (1, self.line(c11, "4").id, {"value_input": "no"}),
                ]
            }
        )
        c11.line_ids.invalidate_recordset()
        trained, model_built = self.line(c11, "1"), self.line(c11, "4")
        self.assertTrue(trained.is_filled)
        self.assertEqual(trained.value_number, 0)
        self.assertEqual(trained.value_input, "0.0")
        self.assertTrue(model_built.is_filled, "No is an answer")
        self.assertFalse(model_built.value_bool)
        self.assertEqual(model_built.value_input, "no")
        self.assertIs(c11.action_submit(), True, "0 and No fill the required criteria")
        self.assertEqual(c11.state, "submitted")

    def test_values_of_every_type_and_clearing(self):
        c11 = self.submission(self.c11).with_user(self.c11_user)
        for code, text, field, value in (
            ("1", "12", "value_number", 12),
            ("2", "3.5", "value_number", 3.5),
            ("3", "85", "value_number", 85),
            ("4", "yes", "value_bool", True),
            ("5", "  A reading club  ", "value_text", "A reading club"),
        ):
            line = self.line(c11, code)
            line.value_input = text
            self.assertTrue(line.is_filled, code)
            self.assertEqual(line[field], value, code)
            self.assertEqual(line.aggregated_count, 1, code)
            line.value_input = False
            self.assertFalse(line.is_filled, f"{code}: cleared, the line is no longer filled")
            self.assertFalse(line.value_input, code)
            self.assertEqual(line.aggregated_count, 0, code)

    def test_wrong_answers_are_refused_clearly(self):
        c11 = self.submission(self.c11).with_user(self.c11_user)
        for code, text in (("1", "twelve"), ("1", "nan"), ("2", "inf"), ("2", "-1e999"), ("4", "maybe")):
            with self.subTest(code=code, text=text), self.assertRaises(UserError):
                self.line(c11, code).value_input = text
        self.assertFalse(any(c11.line_ids.mapped("is_filled")))

    def test_every_problem_of_a_save_at_once_written_the_users_way(self):
        c11 = self.submission(self.c11).with_user(self.c11_user)
        with self.assertRaisesRegex(ValidationError, r"(?s)1 Members trained: 2\.50? .*6 Smallest class: 1,000 "):
            c11.write(
                {
                    "line_ids": [
                        (1, self.line(c11, "1").id, {"value_input": "2.5"}),
                        (1, self.line(c11, "6").id, {"value_input": "1000"}),
                    ]
                }
            )
        self.env["res.lang"]._activate_lang("vi_VN")
        with self.assertRaisesRegex(ValidationError, r"6 Smallest class: 1\.000 .* 500"):
            c11.with_context(lang="vi_VN").write({"line_ids": [(1, self.line(c11, "6").id, {"value_input": "1000"})]})
        # A line written alone is still checked at once.
        with self.assertRaises(ValidationError):
            self.line(c11, "6").value_input = "1000"

    def test_buttons_follow_the_role(self):
        c11, d1, d2 = self.submission(self.c11), self.submission(self.d1), self.submission(self.d2)
        expected = {
            # (report, user): (submit, review, consolidate)
            (c11, self.c11_user): (True, False, False),
            (c11, self.d1_user): (False, True, False),
            (c11, self.province_user): (False, True, False),
            (d1, self.d1_user): (True, False, True),  # never approves its own unit's report
            (d1, self.province_user): (False, True, False),
            (d2, self.d2_user): (True, False, False),
            (d2, self.manager): (False, True, True),
        }
        for (submission, user), flags in expected.items():
            with self.subTest(report=submission.unit_id.name, user=user.login):
                mine = submission.with_user(user)
                self.assertEqual((mine.can_submit, mine.can_review, mine.can_consolidate), flags)
                # the same checks as the actions
                self.assertEqual(mine.can_review, submission._is_reviewer(user))

    def test_form_shows_no_approve_button_to_the_units_officer(self):
        c11 = self.submission(self.c11)
        self.fill(c11, {"1": 5}, self.c11_user)
        c11.with_user(self.c11_user).action_submit()
        form = Form(c11.with_user(self.c11_user))
        self.assertFalse(form.can_review)
        with self.assertRaises(AccessError):
            c11.with_user(self.c11_user).action_approve()

    def test_notifications_after_each_step(self):
        c11 = self.submission(self.c11)
        self.fill(c11, {"1": 5}, self.c11_user)
        notify = {"emulation_notify": True}
        done = c11.with_user(self.c11_user).with_context(**notify).action_submit()
        self.assertEqual(done["tag"], "display_notification")
        self.assertIn("Commune 11", done["params"]["message"])
        done = c11.with_user(self.d1_user).with_context(**notify).action_return("Count the classes again")
        self.assertEqual(done["tag"], "display_notification")
        self.assertEqual(
            len(c11.message_ids.filtered(lambda m: "Count the classes again" in (m.body or ""))),
            1,
            "the return reason is said once in the chatter",
        )
        self.assertIs(c11.with_user(self.c11_user).action_submit(), True, "XML-RPC callers still get True")

    def test_consolidation_summarised_in_the_chatter(self):
        self.submit_and_approve(self.c11, {"1": 10}, self.c11_user, self.d1_user)
        d1 = self.submission(self.d1).with_user(self.d1_user)
        done = d1.with_context(emulation_notify=True).action_consolidate(force=True)
        self.assertEqual(done["tag"], "display_notification")
        summary = d1.message_ids[:1].body
        self.assertIn("Consolidated 1 report(s) of the units below: Commune 11.", summary)
        self.assertIn("Not reported: Commune 12.", summary)

    def test_statusbar_follows_the_workflow(self):
        states = [value for value, _label in self.env["emulation.submission"]._fields["state"].selection]
        self.assertEqual(states, ["draft", "returned", "submitted", "approved", "consolidated"])

    def test_completeness_tells_pending_overdue_and_late_apart(self):
        """Deadline 5/12/2025: Commune 11 submits on time, Commune 12 late, District 2 not at all."""
        with freeze_time("2025-12-01 05:00:00"):
            self.fill(self.submission(self.c11), {"1": 1}, self.c11_user)
            self.submission(self.c11).with_user(self.c11_user).action_submit()
            self.period.invalidate_recordset()
            period = self.period
            expected = period.expected_count  # the three units and the reports consolidating them
            self.assertEqual(
                (period.pending_count, period.overdue_count, period.submitted_late_count), (expected - 1, 0, 0)
            )
        with freeze_time("2025-12-08 05:00:00"):
            self.fill(self.submission(self.c12), {"1": 2}, self.c12_user)
            self.submission(self.c12).with_user(self.c12_user).action_submit()
            self.period.invalidate_recordset()
            self.assertEqual(
                (period.pending_count, period.overdue_count, period.submitted_late_count), (0, expected - 2, 1)
            )
            Submission = self.env["emulation.submission"]
            overdue = Submission.search([("period_id", "=", self.period.id), ("is_overdue", "=", True)])
            self.assertIn(self.d2, overdue.unit_id)
            self.assertFalse({self.c11, self.c12} & set(overdue.unit_id))
            self.assertTrue(self.submission(self.d2).is_overdue)
            late = period.with_context(completeness="submitted_late").action_open_submissions()
            self.assertEqual(Submission.search(late["domain"]).unit_id, self.c12)

    def test_consolidated_yes_no_reads_as_a_count_of_units(self):
        """Two communes answer yes and no: District 1's report says "1/2 units yes" in the
        form, "1/2 đơn vị có" in the PDF and the XLSX; the province's counts go on adding up."""
        self.submit_and_approve(self.c11, {"1": 1, "4": True}, self.c11_user, self.d1_user)
        self.submit_and_approve(self.c12, {"1": 1, "4": False}, self.c12_user, self.d1_user)
        d1 = self.submission(self.d1).with_user(self.d1_user)
        d1.action_consolidate()
        line = self.line(d1, "4")
        self.assertEqual(line.with_context(lang="en_US").value_input, "1/2 units yes")
        self.assertEqual(vn_format.line_value(line), "1/2 đơn vị có")
        sheet = openpyxl.load_workbook(io.BytesIO(d1._export_xlsx())).active
        learning = next(cell for row in sheet.iter_rows() for cell in row if cell.value == "Learning model built")
        total = sheet.cell(9, learning.column)
        self.assertEqual(total.number_format, '#,##0"/2 đơn vị có"')
        html = (
            self.env["ir.actions.report"]._render_qweb_html("emulation_campaign.report_submission", d1.ids)[0].decode()
        )
        self.assertIn("1/2 đơn vị có", html)
        # Above, the province counts District 1's units and District 2's own answer.
        d1.action_submit()
        d1.with_user(self.province_user).action_approve()
        self.submit_and_approve(self.d2, {"1": 1, "4": True}, self.d2_user, self.province_user)
        province = self.submission(self.province).with_user(self.province_user)
        province.action_consolidate()
        self.assertEqual(vn_format.line_value(self.line(province, "4")), "2/3 đơn vị có")

    def test_report_place_is_the_units(self):
        """The place before the report's date is the unit's (from its name until set)."""
        commune = self.env["emulation.unit"].create({"name": "Hội CCB xã Duy Trinh", "code": "T-DT"})
        self.assertEqual(commune.document_place, "Duy Trinh")
        self.assertFalse(self.c11.document_place, "no administrative unit in the name: set by hand")
        self.c11.document_place = "Điện Bàn"
        submission = self.submission(self.c11)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("emulation_campaign.report_submission", submission.ids)[0]
            .decode()
        )
        self.assertIn("Điện Bàn, ngày", html)

    def test_no_report_expected_before_the_first_reporting_year(self):
        campaign = self.campaign.copy({"code": "T-LS2", "name": "Launched late", "first_report_year": 2026})
        self.assertEqual((campaign.year_from, campaign.first_report_year), (2025, 2026))
        with freeze_time("2026-12-20 05:00:00"):
            campaign.with_user(self.manager).action_launch()
            self.env["emulation.submission"]._cron_send_reminders()
            first, second = (
                campaign.period_ids.filtered(lambda p, year=year: p.name == year) for year in ("2025", "2026")
            )
            self.assertEqual((first.expected_count, first.late_count, first.overdue_count), (0, 0, 0))
            self.assertFalse(first.submission_ids)
            self.assertEqual(second.expected_count, len(second.submission_ids))
            self.assertTrue(second.submission_ids)
            self.assertEqual(second.overdue_count, second.expected_count, "2026 is due and overdue")
        with self.assertRaises(ValidationError):
            campaign.first_report_year = 2031

    def test_figures_add_up_within_a_criterion_and_average_percentages(self):
        self.submit_and_approve(self.c11, {"1": 10, "2": 1.5, "3": 60, "4": True}, self.c11_user, self.d1_user)
        self.submit_and_approve(self.c12, {"1": 20, "3": 90}, self.c12_user, self.d1_user)
        self.fill(self.submission(self.d2), {"1": 5}, self.d2_user)
        Figure = self.env["emulation.figure"]
        groups = {
            criterion.code: (total, average)
            for criterion, total, average in Figure.with_user(self.d1_user)._read_group(
                [("period_id", "=", self.period.id), ("is_unit_report", "=", True)],
                ["criterion_id"],
                ["total:sum", "average:avg"],
            )
        }
        # District 1's approver sees its two communes: no yes/no, no text, no unfilled line
        self.assertEqual(set(groups), {"1", "2", "3"})
        self.assertEqual(groups["1"][0], 30)
        self.assertEqual(groups["2"][0], 1.5)
        self.assertEqual(groups["3"][1], 75, "percentages are averaged, not added up")
        self.assertEqual(len(Figure.with_user(self.c11_user).search([("period_id", "=", self.period.id)])), 3)
        self.assertEqual(
            Figure.with_user(self.province_user).search([("period_id", "=", self.period.id)]).unit_id,
            self.c11 | self.c12 | self.d2,
        )
        action = Figure.with_user(self.c11_user).action_open_figures()
        self.assertEqual(action["context"]["search_default_campaign_id"], self.campaign.id)
        self.assertEqual(action["context"]["search_default_period_id"], self.period.id)
