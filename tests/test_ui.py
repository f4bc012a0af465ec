from unittest.mock import patch

from odoo.tests import tagged

from .common import EmulationHttpCase


@tagged("post_install", "-at_install")
class TestUi(EmulationHttpCase):
    def test_reporting_cycle_in_the_browser(self):
        """District 2's officer submits; the province returns it, the officer corrects and
        resubmits; the province approves everything and consolidates."""
        # District 1 has consolidated its communes and submitted its report upward.
        for unit, officer, values in (
            (self.c11, self.c11_user, {"1": 10, "3": 60}),
            (self.c12, self.c12_user, {"1": 20, "3": 90}),
        ):
            self.submit_and_approve(unit, values, officer, self.d1_user)
        d1 = self.submission(self.d1).with_user(self.d1_user)
        d1.action_consolidate()
        d1.action_submit()

        d2 = self.submission(self.d2)
        self.start_tour("/odoo", "emulation_officer_submit", login="ec_d2")
        self.assertEqual(d2.state, "submitted")
        self.assertEqual(d2.line_ids.filtered(lambda l: l.code == "1").value_number, 12)

        self.start_tour("/odoo", "emulation_approver_return", login="ec_province")
        self.assertEqual(d2.state, "returned")
        self.assertEqual(d2.return_reason, "Members trained must count the 2025 classes only")

        self.start_tour("/odoo", "emulation_officer_resubmit", login="ec_d2")
        self.assertEqual(d2.state, "submitted")

        self.start_tour("/odoo", "emulation_approver_consolidate", login="ec_province")
        province = self.submission(self.province)
        self.assertEqual(province.source_submission_ids, self.submission(self.d1) | d2)
        self.assertEqual(province.line_ids.filtered(lambda l: l.code == "1").value_number, 40)


@tagged("post_install", "-at_install")
class TestOfficerUi(EmulationHttpCase):
    def test_zero_and_no_are_answers(self):
        """A commune officer types 0 into a required figure and answers No to a required
        yes/no, then submits: both count as filled."""
        self.criteria["4"].required = True
        c11 = self.submission(self.c11)
        self.start_tour("/odoo", "emulation_officer_zero_and_no", login="ec_c11")
        self.assertEqual(c11.state, "submitted")
        trained, model_built = (c11.line_ids.filtered(lambda l, code=code: l.code == code) for code in ("1", "4"))
        self.assertEqual((trained.is_filled, trained.value_number), (True, 0))
        self.assertEqual((model_built.is_filled, model_built.value_bool), (True, False))
        # The officer sees no approve button on the report now awaiting review.
        self.start_tour("/odoo", "emulation_reporter_no_approve", login="ec_c11")

    def test_print_in_one_click(self):
        """The PDF and XLSX buttons of the report's header print it straight away."""
        c11 = self.submission(self.c11)
        self.fill(c11, {"1": 7}, self.c11_user)
        Report = self.env.registry["ir.actions.report"]
        Submission = self.env.registry["emulation.submission"]
        printed = []
        render_pdf, export_xlsx = Report._render_qweb_pdf, Submission._export_xlsx

        def spy_pdf(report, report_ref, res_ids=None, data=None):
            printed.append(("pdf", report._get_report(report_ref).report_name, list(res_ids or [])))
            return render_pdf(report, report_ref, res_ids=res_ids, data=data)

        def spy_xlsx(submission):
            printed.append(("xlsx", submission.env.user.login, submission.ids))
            return export_xlsx(submission)

        with patch.object(Report, "_render_qweb_pdf", spy_pdf), patch.object(Submission, "_export_xlsx", spy_xlsx):
            self.start_tour("/odoo", "emulation_print_one_click", login="ec_c11")
        self.assertIn(("pdf", "emulation_campaign.report_submission", c11.ids), printed)
        self.assertIn(("xlsx", "ec_c11", c11.ids), printed)
