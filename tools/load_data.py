"""Data of the deadline-rush load test (`make load`), and its checks afterwards.

    python tools/load_data.py build DB OUT.json [odoo options]
    python tools/load_data.py check DB IN.json [odoo options]

``build`` makes a province with two districts (each with an approver) and their communes
(one officer each), one campaign with five criteria of every type, launched: every commune
has a draft report for the current year. It writes the logins, passwords, report and line
ids the simulated users need to OUT.json.

``check`` reads the database afterwards, as a suspicious auditor would: every commune's
report submitted exactly once (one "submitted" transition), every figure equal to what its
officer sent, nothing duplicated, and each district's consolidated totals equal to the sum
(or count, average…) of its sources. It prints one JSON object.
"""

import datetime
import json
import os
import sys

CONTEXT = {"lang": "en_US", "tz": "Asia/Ho_Chi_Minh"}
APPROVER = "emulation_campaign.group_emulation_approver"
REPORTER = "emulation_campaign.group_emulation_reporter"
# (code, name, value type, aggregation)
CRITERIA = [
    ("1", "Hội viên tham gia học tập", "integer", "sum"),
    ("2", "Kinh phí khuyến học", "number", "sum"),
    ("3", "Tỷ lệ hội viên học tập", "percent", "avg"),
    ("4", "Có mô hình học tập", "boolean", "count_true"),
    ("5", "Mô hình tiêu biểu", "text", "concat"),
]


def value_of(index, code):
    """What the officer of commune ``index`` enters for criterion ``code`` (deterministic,
    so the check knows it)."""
    return {
        "1": 100 + index,
        "2": round(10 + index * 0.25, 2),
        "3": float(40 + index % 50),
        "4": index % 3 != 0,
        "5": f"Mô hình của xã {index:03d}",
    }[code]


def build(env, communes_per_district):
    from odoo.fields import Command  # noqa: PLC0415 (the locust side imports this file without Odoo)

    Users = env["res.users"].with_context(no_reset_password=True, mail_create_nolog=True)

    def users(logins, group):
        return Users.create(
            [
                {"name": login, "login": login, "password": login, "group_ids": [Command.link(env.ref(group).id)]}
                for login in logins
            ]
        )

    approvers = users(["load_d1", "load_d2"], APPROVER)
    officers = users([f"load_c{index:03d}" for index in range(2 * communes_per_district)], REPORTER)
    Unit = env["emulation.unit"]
    province = Unit.create({"name": "Hội CCB tỉnh Thử tải", "code": "LOAD-P"})
    districts = Unit.create(
        [
            {"name": f"Hội CCB huyện {n}", "code": f"LOAD-D{n}", "parent_id": province.id, "user_ids": approver.ids}
            for n, approver in enumerate(approvers, 1)
        ]
    )
    communes = Unit.create(
        [
            {
                "name": f"Hội CCB xã {index:03d}",
                "code": f"LOAD-C{index:03d}",
                "parent_id": districts[index // communes_per_district].id,
                "user_ids": officer.ids,
            }
            for index, officer in enumerate(officers)
        ]
    )
    year = datetime.date.today().year
    campaign = env["emulation.campaign"].create(
        {
            "name": "Thi đua xây dựng xã hội học tập (thử tải)",
            "code": "LOAD",
            "issuing_unit_id": province.id,
            "unit_ids": [Command.set(communes.ids)],
            "year_from": year,
            "year_to": year,
            "criterion_ids": [
                Command.create(
                    {
                        "sequence": n,
                        "code": code,
                        "name": name,
                        "value_type": kind,
                        "aggregation": agg,
                        "required": True,
                    }
                )
                for n, (code, name, kind, agg) in enumerate(CRITERIA, 1)
            ],
        }
    )
    campaign.with_user(env.ref("base.user_admin")).action_launch()
    reports = env["emulation.submission"].search([("campaign_id", "=", campaign.id)])
    report_of = {report.unit_id.id: report for report in reports}
    return {
        "campaign": campaign.id,
        "officers": [
            {
                "login": officer.login,
                "index": index,
                "report": report_of[commune.id].id,
                "lines": {line.criterion_id.code: line.id for line in report_of[commune.id].line_ids},
                "types": {code: kind for code, _name, kind, _agg in CRITERIA},
            }
            for index, (officer, commune) in enumerate(zip(officers, communes, strict=True))
        ],
        "approvers": [
            {
                "login": approver.login,
                "district": district.id,
                "report": report_of[district.id].id,
                "communes": communes_per_district,
            }
            for approver, district in zip(approvers, districts, strict=True)
        ],
    }


def check(env, data, acknowledged):
    """What the database says after the rush, held to what the server acknowledged: every
    figure saved is there, every report submitted was submitted exactly once, and each
    consolidation adds up its sources."""
    from odoo.tools import SQL  # noqa: PLC0415

    problems = []
    reports = env["emulation.submission"].browse([officer["report"] for officer in data["officers"]])
    cr = env.cr
    cr.execute(
        SQL(
            """SELECT submission_id, COUNT(*) FROM emulation_submission_history
                WHERE to_state = 'submitted' AND submission_id = ANY(%s) GROUP BY submission_id""",
            reports.ids,
        )
    )
    submitted = dict(cr.fetchall())
    lost = duplicated = 0
    for officer in data["officers"]:
        times = submitted.get(officer["report"], 0)
        if times > 1 or (times == 0 and officer["login"] in acknowledged["submitted"]):
            problems.append(f"{officer['login']}: submitted {times} times")
            duplicated += times > 1
            lost += times == 0
    cr.execute(
        SQL(
            """SELECT l.submission_id, c.code, l.value_number, l.value_bool, l.value_text, l.is_filled
                 FROM emulation_submission_line l JOIN emulation_criterion c ON c.id = l.criterion_id
                WHERE l.submission_id = ANY(%s)""",
            reports.ids,
        )
    )
    stored = {(row[0], row[1]): row[2:] for row in cr.fetchall()}
    for officer in data["officers"]:
        if officer["login"] not in acknowledged["saved"]:
            continue
        for code, kind in officer["types"].items():
            number, yes, text, filled = stored.get((officer["report"], code), (None, None, None, False))
            expected = value_of(officer["index"], code)
            got = {"boolean": yes, "text": text}.get(kind, number)
            if not filled or got != expected:
                lost += 1
                problems.append(f"{officer['login']} criterion {code}: {got!r} instead of {expected!r}")
    cr.execute(
        SQL(
            "SELECT COUNT(*) FROM emulation_submission_line WHERE submission_id = ANY(%s) GROUP BY submission_id",
            reports.ids,
        )
    )
    if {count for (count,) in cr.fetchall()} != {len(CRITERIA)}:
        problems.append("a report holds duplicated or missing lines")
        duplicated += 1
    totals_ok = 0
    for approver in data["approvers"]:
        district = env["emulation.submission"].browse(approver["report"])
        sources = district.source_submission_ids
        if len(sources) != approver["communes"]:
            problems.append(f"{approver['login']}: {len(sources)} reports consolidated of {approver['communes']}")
            continue
        indexes = [o["index"] for o in data["officers"] if o["report"] in sources.ids]
        expected = {
            "1": sum(value_of(i, "1") for i in indexes),
            "2": round(sum(value_of(i, "2") for i in indexes), 2),
            "3": sum(value_of(i, "3") for i in indexes) / len(indexes),
            "4": sum(1 for i in indexes if value_of(i, "4")),
        }
        lines = {line.criterion_id.code: line for line in district.line_ids}
        wrong = [code for code, value in expected.items() if abs(lines[code].value_number - value) > 1e-6]
        texts = set((lines["5"].value_text or "").splitlines())
        if wrong or len(texts) != len(indexes):
            problems.append(f"{approver['login']}: consolidated totals differ for {wrong or 'texts'}")
        else:
            totals_ok += 1
    states = dict.fromkeys(("draft", "submitted", "approved", "consolidated", "returned"), 0)
    for report in reports:
        states[report.state] += 1
    return {
        "reports": len(reports),
        "acknowledged_saves": len(acknowledged["saved"]),
        "acknowledged_submits": len(acknowledged["submitted"]),
        "states": states,
        "lost": lost,
        "duplicated": duplicated,
        "consolidations_checked": totals_ok,
        "problems": problems[:20],
    }


STEPS = ("login", "open report", "save figures", "submit", "find submitted", "approve", "count approved", "consolidate")


def summary(out_dir, check_path, seconds):
    """The table of the two phases (locust's CSV statistics) and the checks; the figures
    as JSON on the last line."""
    import csv  # noqa: PLC0415

    def stats(phase):
        with open(os.path.join(out_dir, f"{phase}_stats.csv"), encoding="utf-8") as file:
            return {row["Name"]: row for row in csv.DictReader(file)}

    rest, rush = stats("rest"), stats("rush")
    with open(check_path, encoding="utf-8") as file:
        checked = json.loads(file.read().strip().splitlines()[-1])
    lines = [
        "| phase | step | requests | failures | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    figures = {"steps": {}}
    for phase, table in (("at rest", rest), ("rush", rush)):
        for step in (*STEPS, "Aggregated"):
            row = table.get(step)
            if not row or not int(row["Request Count"]):
                continue
            values = [
                row["Request Count"],
                row["Failure Count"],
                row["50%"],
                row["95%"],
                row["99%"],
                row["Max Response Time"],
            ]
            lines.append(f"| {phase} | {step} | " + " | ".join(str(round(float(v))) for v in values) + " |")
            figures["steps"][f"{phase}: {step}"] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "p99_ms": float(row["99%"]),
            }
    errors = int(rest["Aggregated"]["Failure Count"]) + int(rush["Aggregated"]["Failure Count"])
    requests = int(rush["Aggregated"]["Request Count"])
    throughput = float(rush["Aggregated"]["Requests/s"])
    submit_rest_p50 = float(rest["submit"]["50%"])
    submit_rush_p95 = float(rush["submit"]["95%"])
    targets = {
        "no_errors": errors == 0,
        "nothing_lost": checked["lost"] == 0 and checked["duplicated"] == 0 and not checked["problems"],
        "submit_p95_within_10x_rest_p50": submit_rush_p95 <= 10 * submit_rest_p50,
    }
    print("\n".join(lines))
    print()
    print(f"rush: {requests} requests, {throughput:.1f} requests/s, {errors} failed; whole run {seconds} s")
    print(f"database afterwards: {json.dumps(checked, ensure_ascii=False)}")
    print(f"target: 0 errors: {errors} {'met' if targets['no_errors'] else 'MISSED'}")
    print(f"target: nothing lost or duplicated: {'met' if targets['nothing_lost'] else 'MISSED'}")
    print(
        f"target: p95 of a submit in the rush ({submit_rush_p95:.0f} ms) ≤ 10 × its p50 at rest "
        f"({submit_rest_p50:.0f} ms): {'met' if targets['submit_p95_within_10x_rest_p50'] else 'MISSED'}"
    )
    figures.update(
        officers=checked["reports"],
        errors=errors,
        rush_requests=requests,
        rush_rps=throughput,
        submit_rest_p50_ms=submit_rest_p50,
        submit_rush_p95_ms=submit_rush_p95,
        check=checked,
        targets=targets,
        seconds=seconds,
    )
    print(json.dumps(figures, ensure_ascii=False))
    return 0 if all(targets.values()) else 1


def main():
    if sys.argv[1] == "summary":
        sys.exit(summary(sys.argv[2], sys.argv[3], int(sys.argv[4])))
    import odoo  # noqa: PLC0415
    from odoo import api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    action, db, path, *args = sys.argv[1:]
    config.parse_config(args, setup_logging=True)
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, CONTEXT)
        if action == "build":
            data = build(env, int(os.environ.get("EMULATION_LOAD_COMMUNES_PER_DISTRICT") or 110))
            with open(path, "w", encoding="utf-8") as file:
                json.dump(data, file)
            print(json.dumps({"officers": len(data["officers"]), "approvers": len(data["approvers"])}))
        else:
            with open(path, encoding="utf-8") as file:
                data = json.load(file)
            acknowledged = {"saved": [], "submitted": []}
            for phase in ("rest", "rush"):
                with open(f"{path}.acknowledged.{phase}", encoding="utf-8") as file:
                    for key, logins in json.load(file).items():
                        acknowledged[key] += logins
            print(json.dumps(check(env, data, acknowledged), ensure_ascii=False))


if __name__ == "__main__":
    main()
