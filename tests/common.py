import contextlib

from odoo.fields import Command
from odoo.tests import HttpCase, TransactionCase, new_test_user

REPORTER = "emulation_campaign.group_emulation_reporter"
APPROVER = "emulation_campaign.group_emulation_approver"
MANAGER = "emulation_campaign.group_emulation_manager"


class EmulationMixin:
    """A small tree and a launched campaign.

    Province (approver: province_user)
    ├── District 1 (officer d1_user, an approver: consolidates its communes)
    │   ├── Commune 11 (officer c11_user)
    │   └── Commune 12 (officer c12_user)
    └── District 2 (officer d2_user, a reporter; reports itself)
    Reporting units: Commune 11, Commune 12, District 2.
    """

    @classmethod
    def _setup_emulation(cls):
        Unit = cls.env["emulation.unit"]
        Level = cls.env["emulation.unit.level"]
        cls.level_province = Level.create({"name": "Test Province", "sequence": 1})
        cls.level_district = Level.create({"name": "Test District", "sequence": 2})
        cls.level_commune = Level.create({"name": "Test Commune", "sequence": 3})

        def user(login, groups):
            return new_test_user(
                cls.env, login=login, groups=groups, name=login.replace("_", " ").title(), password=login
            )

        cls.manager = user("ec_manager", MANAGER)
        cls.province_user = user("ec_province", APPROVER)
        cls.d1_user = user("ec_d1", APPROVER)
        cls.d2_user = user("ec_d2", REPORTER)
        cls.c11_user = user("ec_c11", REPORTER)
        cls.c12_user = user("ec_c12", REPORTER)
        cls.outsider = user("ec_outsider", "base.group_user")

        cls.province = Unit.create(
            {"name": "Province", "code": "T-P", "level_id": cls.level_province.id, "user_ids": [cls.province_user.id]}
        )
        cls.d1 = Unit.create(
            {
                "name": "District 1",
                "code": "T-D1",
                "parent_id": cls.province.id,
                "level_id": cls.level_district.id,
                "user_ids": [cls.d1_user.id],
            }
        )
        cls.d2 = Unit.create(
            {
                "name": "District 2",
                "code": "T-D2",
                "parent_id": cls.province.id,
                "level_id": cls.level_district.id,
                "user_ids": [cls.d2_user.id],
            }
        )
        cls.c11 = Unit.create(
            {
                "name": "Commune 11",
                "code": "T-C11",
                "parent_id": cls.d1.id,
                "level_id": cls.level_commune.id,
                "user_ids": [cls.c11_user.id],
            }
        )
        cls.c12 = Unit.create(
            {
                "name": "Commune 12",
                "code": "T-C12",
                "parent_id": cls.d1.id,
                "level_id": cls.level_commune.id,
                "user_ids": [cls.c12_user.id],
            }
        )
        cls.campaign = cls.env["emulation.campaign"].create(
            {
                "name": "Learning Society",
                "code": "T-LS",
                "issuing_unit_id": cls.province.id,
                "unit_ids": [cls.c11.id, cls.c12.id, cls.d2.id],
                "year_from": 2025,
                "year_to": 2027,
                "criterion_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "code": "1",
                            "name": "Members trained",
                            "value_type": "integer",
                            "uom": "people",
                            "required": True,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 2,
                            "code": "2",
                            "name": "Funds raised",
                            "value_type": "number",
                            "uom": "VND million",
                            "aggregation": "sum",
                        }
                    ),
                    Command.create(
                        {"sequence": 3, "code": "3", "name": "Members studying", "value_type": "percent", "uom": "%"}
                    ),
                    Command.create(
                        {"sequence": 4, "code": "4", "name": "Learning model built", "value_type": "boolean"}
                    ),
                    Command.create({"sequence": 5, "code": "5", "name": "Best practice", "value_type": "text"}),
                    Command.create(
                        {
                            "sequence": 6,
                            "code": "6",
                            "name": "Smallest class",
                            "value_type": "integer",
                            "aggregation": "min",
                            "max_value": 500,
                        }
                    ),
                ],
            }
        )
        cls.criteria = {c.code: c for c in cls.campaign.criterion_ids}
        cls.campaign.with_user(cls.manager).action_launch()
        cls.period = cls.campaign.period_ids.filtered(lambda p: p.name == "2025")
        # run the pending chatter tracking now, so each test tracks its own changes only
        cls.env.cr.flush()

    @contextlib.contextmanager
    def assertRaisesRegex(self, exception, regex):
        """Odoo's assertRaises rolls the failed operation back (a savepoint);
        unittest's assertRaisesRegex does not: check the message on top of the former."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), regex)

    @classmethod
    def submission(cls, unit, period=None):
        return cls.env["emulation.submission"].search(
            [
                ("campaign_id", "=", cls.campaign.id),
                ("period_id", "=", (period or cls.period).id),
                ("unit_id", "=", unit.id),
            ]
        )

    @staticmethod
    def fill(submission, values, user=None):
        """Write {criterion code: value} through the submission, as the form does."""
        if user:
            submission = submission.with_user(user)
        commands = []
        for line in submission.line_ids:
            if line.code not in values:
                continue
            field = {"boolean": "value_bool", "text": "value_text"}.get(line.value_type, "value_number")
            commands.append((1, line.id, {field: values[line.code]}))
        submission.write({"line_ids": commands})

    def submit_and_approve(self, unit, values, officer, approver):
        submission = self.submission(unit)
        self.fill(submission, values, officer)
        submission.with_user(officer).action_submit()
        submission.with_user(approver).action_approve()
        return submission


class EmulationCase(EmulationMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_emulation()


class EmulationHttpCase(EmulationMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_emulation()
