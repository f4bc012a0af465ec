"""Vietnamese translation of the addon.

``i18n/emulation_campaign.pot`` holds every source string of the addon; ``i18n/vi.po`` and
``i18n/vi_VN.po`` (same content: Odoo loads ``vi.po`` then ``vi_VN.po`` for ``vi_VN``)
translate all of them. When a test here fails because a string is new or changed:

1. regenerate the template from a database where the addon is installed with its demo data::

       odoo-bin i18n export -d <db> -o i18n/emulation_campaign.pot emulation_campaign

2. translate the new strings in ``i18n/vi.po`` and copy them to ``i18n/vi_VN.po``
   (``msgmerge --update i18n/vi.po i18n/emulation_campaign.pot`` keeps the existing ones).
"""

import re
from collections import Counter

import polib
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader

from .common import EmulationCase

MODULE = "emulation_campaign"
LANG = "vi_VN"
POT = f"{MODULE}/i18n/{MODULE}.pot"
PO_FILES = {"vi": f"{MODULE}/i18n/vi.po", "vi_VN": f"{MODULE}/i18n/vi_VN.po"}

# printf-style placeholders (%(name)s, %s, %r, %d, %.2f) and str.format ones ({name}, {0})
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[sdifr]|\{\w*\}")
TAG = re.compile(r"<[^>]+>")
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")

FILL = "emulation_campaign.mail_activity_emulation_fill"
OVERDUE = "emulation_campaign.mail_activity_emulation_overdue"
REVIEW = "emulation_campaign.mail_activity_emulation_review"


def translation_problems(entry):
    """What is wrong with the translation of one .po entry, as a list of messages."""
    msgid, msgstr = entry.msgid, entry.msgstr
    if not msgstr.strip():
        return ["not translated"]
    problems = []
    if "fuzzy" in entry.flags:
        problems.append("marked fuzzy")
    if Counter(PLACEHOLDER.findall(msgid)) != Counter(PLACEHOLDER.findall(msgstr)):
        problems.append(f"placeholders differ: {PLACEHOLDER.findall(msgstr)}")
    if sorted(TAG.findall(msgid)) != sorted(TAG.findall(msgstr)):
        problems.append(f"markup differs: {TAG.findall(msgstr)}")
    if msgid.count("\n") != msgstr.count("\n"):
        problems.append("line breaks differ")
    if msgid[:1].isspace() != msgstr[:1].isspace() or msgid[-1:].isspace() != msgstr[-1:].isspace():
        problems.append("leading or trailing space differs")
    if any("ir.actions.report,print_report_name" in source for source, _line in entry.occurrences):
        try:
            compile(msgstr, "print_report_name", "eval")
        except SyntaxError as error:
            problems.append(f"not a Python expression: {error}")
    text = PLACEHOLDER.sub("", TAG.sub("", msgid))
    is_vietnamese = any(c.isalpha() and not c.isascii() for c in text)
    if msgstr == msgid and not is_vietnamese and ENGLISH_WORD.search(text):
        problems.append("left in English")
    return problems


@tagged("post_install", "-at_install")
class TestI18n(EmulationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pot = polib.pofile(file_path(POT))
        cls.po = {lang: polib.pofile(file_path(path)) for lang, path in PO_FILES.items()}
        cls.vi = {entry.msgid: entry.msgstr for entry in cls.po["vi_VN"]}
        cls.env["res.lang"]._activate_lang(LANG)
        cls.env["ir.module.module"]._load_module_terms([MODULE], [LANG], overwrite=True)

    def t(self, source, **values):
        """The Vietnamese of a source string, per i18n/vi_VN.po."""
        self.assertIn(source, self.vi, f"{source!r} is not in i18n/vi_VN.po")
        translation = self.vi[source]
        self.assertNotEqual(translation, source)
        return translation % values if values else translation

    # ------------------------------------------------------------------
    # The files
    # ------------------------------------------------------------------
    def test_pot_is_up_to_date(self):
        """Every translatable string of the code is in the .pot (and, on a database with
        the demo data, every string of the .pot is still in the code)."""
        # rows of (module, type, name, res_id, source, value, comments), as the exporter writes them
        reader = TranslationModuleReader(self.env.cr, [MODULE])
        current = {row[4] for row in reader if row[0] == MODULE}
        template = {entry.msgid for entry in self.pot}
        self.assertGreater(len(current), 300)
        missing = sorted(current - template)
        self.assertFalse(
            missing,
            "Strings missing from i18n/emulation_campaign.pot (regenerate it, see tests/test_i18n.py):\n"
            + "\n".join(map(repr, missing)),
        )
        if self.env.ref("emulation_campaign.demo_campaign_learning_society", raise_if_not_found=False):
            obsolete = sorted(template - current)
            self.assertFalse(
                obsolete,
                "Strings of i18n/emulation_campaign.pot no longer in the code (regenerate it):\n"
                + "\n".join(map(repr, obsolete)),
            )

    def test_vietnamese_translations_complete(self):
        """vi.po and vi_VN.po translate every string of the .pot, keeping its
        placeholders, markup and line breaks."""
        template = [entry.msgid for entry in self.pot]
        for lang, po in self.po.items():
            with self.subTest(lang=lang):
                self.assertEqual(po.metadata.get("Language"), lang)
                self.assertIn("charset=UTF-8", po.metadata.get("Content-Type", ""))
                entries = {entry.msgid: entry for entry in po if not entry.obsolete}
                problems = [
                    f"{msgid!r}: {problem}"
                    for msgid in template
                    for problem in (
                        translation_problems(entries[msgid]) if msgid in entries else ["missing from the file"]
                    )
                ]
                problems += [f"{msgid!r}: not in the .pot any more" for msgid in entries.keys() - set(template)]
                self.assertFalse(problems, f"i18n/{lang}.po:\n" + "\n".join(problems))
        vi, vi_vn = ({entry.msgid: entry.msgstr for entry in self.po[lang]} for lang in ("vi", "vi_VN"))
        differing = sorted(msgid for msgid in vi.keys() | vi_vn.keys() if vi.get(msgid) != vi_vn.get(msgid))
        self.assertFalse(
            differing,
            "i18n/vi.po and i18n/vi_VN.po should hold the same translations; they differ for:\n"
            + "\n".join(map(repr, differing)),
        )

    def test_problem_detection(self):
        """The checks above do catch the usual mistakes."""

        def problems(msgid, msgstr, flags=(), occurrences=()):
            return translation_problems(
                polib.POEntry(msgid=msgid, msgstr=msgstr, flags=list(flags), occurrences=list(occurrences))
            )

        self.assertEqual(problems("Unit %(unit)s", "Đơn vị %(unit)s"), [])
        self.assertEqual(problems("Tỉnh", "Tỉnh"), [])
        self.assertEqual(problems("Unit", ""), ["not translated"])
        self.assertEqual(problems("Unit", "Unit"), ["left in English"])
        self.assertEqual(problems("Unit", "Đơn vị", flags=["fuzzy"]), ["marked fuzzy"])
        self.assertTrue(problems("Unit %(unit)s", "Đơn vị %(name)s"))
        self.assertTrue(problems("%(unit)s: %(count)s", "%(unit)s"))
        self.assertTrue(problems("Due in %s day(s)", "Còn %d ngày"))
        self.assertTrue(problems("<strong>Returned:</strong>", "Bị trả lại:"))
        self.assertTrue(problems("Units:\n%(units)s", "Đơn vị: %(units)s"))
        self.assertTrue(problems(" Not reported.", "Chưa báo cáo."))
        self.assertTrue(
            problems(
                "'Report - %s' % object.name",
                "'Báo cáo - %s' % object.name)",
                occurrences=[("model:ir.actions.report,print_report_name:x.y", "")],
            )
        )

    # ------------------------------------------------------------------
    # Odoo in Vietnamese
    # ------------------------------------------------------------------
    def test_interface_in_vietnamese(self):
        env = self.env(context=dict(self.env.context, lang=LANG))
        Submission = env["emulation.submission"]
        fields = Submission.fields_get(["deadline", "state", "on_time"], ["string", "help", "selection"])
        # field label and help
        self.assertEqual(fields["deadline"]["string"], "Hạn nộp")
        self.assertEqual(fields["on_time"]["string"], self.t("On Time"))
        self.assertEqual(fields["on_time"]["help"], self.t("Submitted before the end of the deadline day."))
        # selection values
        self.assertEqual(dict(fields["state"]["selection"])["returned"], "Bị trả lại")
        self.assertEqual(dict(fields["state"]["selection"])["consolidated"], self.t("Consolidated"))
        value_types = dict(env["emulation.criterion"].fields_get(["value_type"])["value_type"]["selection"])
        self.assertEqual(value_types["integer"], self.t("Whole number"))
        # model, menu, action, activity type
        self.assertEqual(env["ir.model"]._get("emulation.submission").name, self.t("Emulation Report"))
        self.assertEqual(env.ref("emulation_campaign.menu_emulation_submission_review").name, "Chờ phê duyệt")
        self.assertEqual(env.ref("emulation_campaign.menu_emulation_root").name, self.t("Emulation"))
        self.assertEqual(env.ref("emulation_campaign.emulation_campaign_action").name, self.t("Campaigns"))
        self.assertEqual(env.ref(FILL).summary, self.t("Fill in and submit the emulation report"))
        # view strings: buttons and pages
        arch = Submission.get_view(env.ref("emulation_campaign.emulation_submission_view_form").id, "form")["arch"]
        self.assertIn(f'string="{self.t("Submit")}"', arch)
        self.assertIn(f'string="{self.t("Narrative")}"', arch)
        self.assertNotIn('string="Submit"', arch)

    def test_errors_in_vietnamese(self):
        c11 = self.submission(self.c11)
        # a required figure is missing
        with self.assertRaises(UserError) as caught:
            c11.with_user(self.c11_user).with_context(lang=LANG).action_submit()
        self.assertEqual(
            str(caught.exception),
            self.t(
                "The report cannot be submitted yet:\n%(problems)s",
                problems="• " + self.t("%(criterion)s: required, not filled in.", criterion="1 Members trained"),
            ),
        )
        # a sentence made of a translated action and a translated state
        with self.assertRaises(UserError) as caught:
            c11.with_user(self.d1_user).with_context(lang=LANG).action_approve()
        self.assertEqual(
            str(caught.exception),
            self.t(
                "%(action)s is not possible for %(reports)s.",
                action=self.t("Approving"),
                reports=f"{c11.display_name} ({self.t('Draft')})",
            ),
        )
        # a translated message formatted after translation
        self.fill(c11, {"1": 4}, self.c11_user)
        with self.assertRaises(AccessError) as caught:
            c11.with_user(self.d1_user).with_context(lang=LANG).action_submit()
        self.assertEqual(
            str(caught.exception),
            self.t("Only the officers of the unit can submit its report: %(reports)s.", reports=c11.display_name),
        )

    def test_reminders_in_officer_language(self):
        """Reminders reach each officer in their own language."""
        self.c11_user.lang = LANG
        self.d1_user.lang = LANG
        c11, c12 = self.submission(self.c11), self.submission(self.c12)

        def activity(xmlid, submission):
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", "emulation.submission"),
                    ("res_id", "=", submission.id),
                    ("activity_type_id", "=", self.env.ref(xmlid).id),
                ]
            )

        with freeze_time("2025-11-21 05:00:00"):  # 14 days before the deadline
            self.env["emulation.submission"]._cron_send_reminders()
        reminder = activity(FILL, c11)
        self.assertEqual(reminder.user_id, self.c11_user)
        self.assertEqual(reminder.summary, self.t("Fill in and submit the emulation report"))
        self.assertIn(
            self.t("Your unit's report is due in %(days)s day(s): please fill it in and submit it.", days=14),
            reminder.note,
        )
        self.assertIn(
            self.t(
                "Campaign: %(campaign)s — period: %(period)s — deadline: %(deadline)s.",
                campaign="Learning Society",
                period="2025",
                deadline="05/12/2025",
            ),
            reminder.note,
        )
        # an officer in English keeps English
        self.assertEqual(activity(FILL, c12).summary, "Fill in and submit the emulation report")
        self.assertIn("due in 14 day(s)", activity(FILL, c12).note)
        self.assertIn("deadline: 12/05/2025", activity(FILL, c12).note)

        with freeze_time("2025-12-06 05:00:00"):  # overdue: the approver above is told too
            self.env["emulation.submission"]._cron_send_reminders()
        self.assertIn(
            self.t("Your unit's report is overdue: please submit it as soon as possible."),
            activity(FILL, c11).note,
        )
        overdue = activity(OVERDUE, c12)
        self.assertEqual(overdue.user_id, self.d1_user)
        self.assertEqual(overdue.summary, self.t("A unit below has not submitted its emulation report"))
        self.assertIn(
            self.t("%(unit)s has not submitted its report and is past its deadline.", unit="Commune 12"),
            overdue.note,
        )
        self.assertIn("Your unit's report is overdue", activity(FILL, c12).note)

        # the review request reaches a Vietnamese approver in Vietnamese, whoever submits
        self.fill(c12, {"1": 5}, self.c12_user)
        c12.with_user(self.c12_user).action_submit()
        review = activity(REVIEW, c12)
        self.assertEqual(review.user_id, self.d1_user)
        self.assertIn(
            self.t(
                "%(unit)s has submitted its report for %(campaign)s, period %(period)s: approve it or return it.",
                unit="Commune 12",
                campaign="Learning Society",
                period="2025",
            ),
            review.note,
        )
