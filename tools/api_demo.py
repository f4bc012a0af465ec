"""make api-demo: a third-party client (odoorpc, from PyPI) drives the whole cycle.

Run by tools/api_demo.sh with the client's own Python (not Odoo's), against a server it
started on a throwaway database on 127.0.0.1. Every call goes over Odoo's JSON-RPC, as
each user, with the user's own credentials:

1. the administrator (an emulation manager) sets up a province, a district, two communes,
   their officers and a campaign with four criteria, and launches it;
2. each commune's officer fills in its report and submits it;
3. a commune's officer tries to approve its own report: refused (access error);
4. the district's approver approves both, consolidates its own report and submits it;
5. the province's approver approves it and pulls the consolidated figures.

Usage: api_demo.py <port> <database>; exits non-zero at the first surprise.
"""

import datetime
import sys
import time

import odoorpc
from odoorpc.error import RPCError

PORT, DB = int(sys.argv[1]), sys.argv[2]
YEAR = datetime.date.today().year
STARTED = time.monotonic()


def step(text):
    print(f"[api-demo {time.monotonic() - STARTED:6.2f}s] {text}", flush=True)


def connect(login, password):
    odoo = odoorpc.ODOO("127.0.0.1", port=PORT, timeout=60)
    odoo.login(DB, login, password)
    return odoo


def check(condition, message):
    if not condition:
        print(f"[api-demo] FAILED: {message}", flush=True)
        sys.exit(1)


def report_of(odoo, unit_code):
    Submission = odoo.env["emulation.submission"]
    ids = Submission.search(
        [("campaign_id.code", "=", "DEMO-API"), ("period_id.name", "=", str(YEAR)), ("unit_id.code", "=", unit_code)]
    )
    check(len(ids) == 1, f"one report of {unit_code} for {YEAR}, found {ids}")
    return Submission.browse(ids[0])


# 1. set-up, as the administrator -----------------------------------------------------
admin = connect("admin", "admin")
step(f"connected with odoorpc {odoorpc.__version__} to Odoo {admin.version}, database {DB}")
env = admin.env
group = {role: env.ref(f"emulation_campaign.group_emulation_{role}").id for role in ("reporter", "approver")}
users = {}
for login, role in (("tinh", "approver"), ("huyen", "approver"), ("xa1", "reporter"), ("xa2", "reporter")):
    users[login] = env["res.users"].create(
        {
            "name": f"Officer {login}",
            "login": login,
            "password": f"{login}-demo-pw",
            "group_ids": [(6, 0, [group[role]])],
        }
    )
Level, Unit = env["emulation.unit.level"], env["emulation.unit"]
levels = [Level.create({"name": name, "sequence": seq}) for seq, name in enumerate(("Tỉnh", "Huyện", "Xã"), 1)]
province = Unit.create(
    {"name": "Hội CCB tỉnh", "code": "P", "level_id": levels[0], "user_ids": [(6, 0, [users["tinh"]])]}
)
district = Unit.create(
    {
        "name": "Hội CCB huyện",
        "code": "D",
        "parent_id": province,
        "level_id": levels[1],
        "user_ids": [(6, 0, [users["huyen"]])],
    }
)
communes = [
    Unit.create(
        {
            "name": f"Hội CCB xã {n}",
            "code": f"C{n}",
            "parent_id": district,
            "level_id": levels[2],
            "user_ids": [(6, 0, [users[f"xa{n}"]])],
        }
    )
    for n in (1, 2)
]
criteria = [
    {"sequence": 1, "code": "1", "name": "Hội viên tham gia học tập", "value_type": "integer", "required": True},
    {"sequence": 2, "code": "2", "name": "Kinh phí vận động (triệu đồng)", "value_type": "number"},
    {"sequence": 3, "code": "3", "name": "Xây dựng mô hình học tập", "value_type": "boolean"},
    {"sequence": 4, "code": "4", "name": "Cách làm hay", "value_type": "text"},
]
campaign_id = env["emulation.campaign"].create(
    {
        "name": "Thi đua xây dựng xã hội học tập (API demo)",
        "code": "DEMO-API",
        "issuing_unit_id": province,
        "unit_ids": [(6, 0, communes)],
        "year_from": YEAR,
        "year_to": YEAR,
        "criterion_ids": [(0, 0, vals) for vals in criteria],
    }
)
check(env["emulation.campaign"].browse(campaign_id).action_launch() is True, "action_launch returns True")
step(f"set up 4 units, 4 officers and campaign #{campaign_id}; launched")

# 2. each commune pushes its figures and submits ---------------------------------------
figures = {
    "C1": {"1": 120, "2": 10.5, "3": True, "4": "Câu lạc bộ đọc sách"},
    "C2": {"1": 85, "2": 4.25, "3": False, "4": "Lớp học buổi tối"},
}
officers = {"C1": "xa1", "C2": "xa2"}
for code, values in figures.items():
    odoo = connect(officers[code], f"{officers[code]}-demo-pw")
    report = report_of(odoo, code)
    field = {"boolean": "value_bool", "text": "value_text"}
    commands = [
        (1, line.id, {field.get(line.value_type, "value_number"): values[line.code]}) for line in report.line_ids
    ]
    report.write({"line_ids": commands, "results": f"Kết quả của {report.unit_id.name}"})
    check(report.action_submit() is True, "action_submit returns True")
    report = report_of(odoo, code)  # read again
    check(report.state == "submitted", f"{code} submitted, not {report.state}")
    step(f"{officers[code]}: report {report.name!r} filled ({len(commands)} figures) and submitted")

# 3. an officer cannot approve its own report ----------------------------------------------
odoo = connect("xa1", "xa1-demo-pw")
try:
    report_of(odoo, "C1").action_approve()
except RPCError as exc:
    step(f"xa1 approving its own report is refused: {str(exc).splitlines()[0]}")
else:
    check(False, "an officer approved its own unit's report")

# 4. the district approves, consolidates and reports upward -------------------------------
odoo = connect("huyen", "huyen-demo-pw")
Submission = odoo.env["emulation.submission"]
waiting = Submission.search([("campaign_id", "=", campaign_id), ("state", "=", "submitted")])
check(len(waiting) == 2, f"the district sees the 2 submitted reports, not {waiting}")
check(Submission.browse(waiting).action_approve() is True, "action_approve returns True")
own = report_of(odoo, "D")
check(own.action_consolidate() is True, "action_consolidate returns True")
check(own.action_submit() is True, "the consolidated report is submitted upward")
step(f"huyen: approved {len(waiting)} reports, consolidated them into {own.name!r} and submitted it")

# 5. the province approves and pulls the consolidated figures -----------------------------
odoo = connect("tinh", "tinh-demo-pw")
check(report_of(odoo, "D").action_approve() is True, "the province approves the district")
lines = odoo.env["emulation.submission.line"].search_read(
    [("campaign_id", "=", campaign_id), ("period_id.name", "=", str(YEAR)), ("unit_id.code", "=", "D")],
    ["code", "value_number", "value_bool", "value_text", "aggregated_count"],
    order="sequence",
)
got = {line["code"]: line for line in lines}
rows = list(figures.values())
check(got["1"]["value_number"] == sum(r["1"] for r in rows), f"criterion 1 is the sum: {got['1']}")
check(abs(got["2"]["value_number"] - sum(r["2"] for r in rows)) < 1e-9, f"criterion 2 is the sum: {got['2']}")
check(got["3"]["value_number"] == sum(r["3"] for r in rows), f"criterion 3 counts the yes: {got['3']}")
check(all(r["4"] in got["4"]["value_text"] for r in rows), f"criterion 4 collates the texts: {got['4']}")
states = {
    s["unit_id"][1]: s["state"]
    for s in odoo.env["emulation.submission"].search_read([("campaign_id", "=", campaign_id)], ["unit_id", "state"])
}
step(f"tinh: approved the district and pulled its figures: {[(c, got[c]['value_number']) for c in ('1', '2', '3')]}")
step(f"states: {states}")
check(
    states
    == {
        "Hội CCB tỉnh": "draft",
        "Hội CCB huyện": "approved",
        "Hội CCB xã 1": "consolidated",
        "Hội CCB xã 2": "consolidated",
    },
    "final states",
)
print(f"api-demo: OK, the whole cycle through odoorpc in {time.monotonic() - STARTED:.1f} s", flush=True)
