"""The deadline rush, as locust users (`make load`, see tools/load.sh).

Officers (one per commune) log in, open their report, save their figures and submit,
each once, with a person's pauses in between; two approvers (one per district) approve
what comes in and consolidate their district once every commune is approved. Everything
goes through the web client's own JSON-RPC routes on 127.0.0.1.

Environment: EMULATION_LOAD_DATA (the JSON of tools/load_data.py build),
EMULATION_LOAD_DB, EMULATION_LOAD_PHASE ("rest": one user, officers one after another;
"rush": every remaining officer, and the approvers), EMULATION_LOAD_RATE (officers arriving
a second in the rush). Every user of the rush starts at once and each officer waits for
its own arrival (its place in the queue / the rate), so the arrivals keep their pace
whatever locust's spawning does; a user whose work is done idles until the run ends.
"""

import itertools
import json
import os
import random
import time

import gevent
from load_data import value_of  # tools/ is on the path: locust -f tools/locustfile.py
from locust import HttpUser, between, events, task

with open(os.environ["EMULATION_LOAD_DATA"], encoding="utf-8") as _file:
    DATA = json.load(_file)
DB = os.environ["EMULATION_LOAD_DB"]
PHASE = os.environ.get("EMULATION_LOAD_PHASE", "rush")
REST_OFFICERS = int(os.environ.get("EMULATION_LOAD_REST_OFFICERS", "10"))
THINK = float(os.environ.get("EMULATION_LOAD_THINK", "1"))  # a person's pause, seconds (scaled)
RATE = float(os.environ.get("EMULATION_LOAD_RATE", "2"))  # officers arriving a second in the rush

OFFICERS = DATA["officers"][:REST_OFFICERS] if PHASE == "rest" else DATA["officers"][REST_OFFICERS:]
_officers = iter(OFFICERS)
_approvers = iter(DATA["approvers"] if PHASE == "rush" else [])
_ids = itertools.count()
_arrivals = itertools.count()
STARTED = {}  # when the run started (monotonic seconds)
FINISHED = {"count": 0}
# The rest phase ends with its one officer user, the rush once both approvers consolidated.
EXPECTED = 1 if PHASE == "rest" else len(DATA["approvers"])
# What the server acknowledged, per officer: the check afterwards holds the database to it.
ACKNOWLEDGED = {"saved": [], "submitted": []}


def finished(environment):
    FINISHED["count"] += 1
    if FINISHED["count"] >= EXPECTED:
        gevent.spawn_later(0.5, environment.runner.quit)


@events.test_start.add_listener
def _started(environment, **_kwargs):
    STARTED["at"] = time.monotonic()


def idle():
    """A user whose work is done stays (a stopped user may be spawned again) until the run ends."""
    while True:
        gevent.sleep(3600)


@events.quitting.add_listener
def _write_acknowledged(environment, **_kwargs):
    path = os.environ.get("EMULATION_LOAD_ACKNOWLEDGED")
    if path:
        with open(f"{path}.{PHASE}", "w", encoding="utf-8") as file:
            json.dump(ACKNOWLEDGED, file)


class OdooUser(HttpUser):
    abstract = True

    def rpc(self, name, url, params):
        payload = {"jsonrpc": "2.0", "method": "call", "id": next(_ids), "params": params}
        # One connection per request, as a reverse proxy in front of Odoo's workers talks
        # to them (nginx's default HTTP/1.0 upstream): a worker otherwise waits on an idle
        # keep-alive connection while the person thinks.
        with self.client.post(
            url, json=payload, name=name, catch_response=True, headers={"Connection": "close"}
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {response.error!r}"[:300])
                return None
            answer = response.json()
            if "error" in answer:
                message = answer["error"].get("data", {}).get("message") or answer["error"].get("message")
                response.failure(message[:300])
                return None
            return answer.get("result")

    def call(self, name, model, method, *args, **kwargs):
        return self.rpc(
            name,
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def login(self, login):
        self.client.cookies.clear()
        return self.rpc("login", "/web/session/authenticate", {"db": DB, "login": login, "password": login})

    def pause(self, low, high):
        gevent.sleep(random.uniform(low, high) * THINK)


class Officer(OdooUser):
    """Rest: one user who does the officers' work one after another. Rush: one user per officer."""

    weight = 100
    wait_time = between(0, 0)
    fixed_count = 1 if PHASE == "rest" else 0

    def on_start(self):
        self.todo = list(OFFICERS) if PHASE == "rest" else [next(_officers, None)]
        self.todo = [officer for officer in self.todo if officer]
        # in the rush, each officer arrives at its own time: its place in the queue / the rate
        self.arrival = next(_arrivals) / RATE if PHASE == "rush" and self.todo else None

    @task
    def report(self):
        if self.arrival is not None:
            gevent.sleep(max(0.0, STARTED.get("at", time.monotonic()) + self.arrival - time.monotonic()))
        for officer in self.todo:
            self.one_officer(officer)
        if PHASE == "rest":
            finished(self.environment)
        idle()

    def one_officer(self, officer):
        """Log in, open the report, save the figures, submit; a step that fails (the
        failure is counted) stops this officer there."""
        if self.login(officer["login"]) is None:
            return
        report = officer["report"]
        spec = {
            "name": {},
            "state": {},
            "line_ids": {"fields": {"value_number": {}, "value_bool": {}, "value_text": {}}},
        }
        if self.call("open report", "emulation.submission", "web_read", [report], specification=spec) is None:
            return
        self.pause(1, 4)  # typing the figures
        commands = []
        for code, line in officer["lines"].items():
            field = {"boolean": "value_bool", "text": "value_text"}.get(officer["types"][code], "value_number")
            commands.append([1, line, {field: value_of(officer["index"], code)}])
        saved = self.call(
            "save figures",
            "emulation.submission",
            "web_save",
            [report],
            {"line_ids": commands},
            specification={"state": {}},
        )
        if saved is None:
            return
        ACKNOWLEDGED["saved"].append(officer["login"])
        self.pause(0.5, 2)  # reading it over
        if self.call("submit", "emulation.submission", "action_submit", [report]) is not None:
            ACKNOWLEDGED["submitted"].append(officer["login"])


class Approver(OdooUser):
    weight = 1
    wait_time = between(1, 2)
    fixed_count = 0 if PHASE == "rest" else len(DATA["approvers"])

    def on_start(self):
        self.me = next(_approvers, None)
        if self.me:
            self.login(self.me["login"])

    @task
    def review(self):
        if not self.me:
            idle()
        below = [("unit_id.parent_id", "=", self.me["district"])]
        submitted = self.call(
            "find submitted", "emulation.submission", "search", [*below, ("state", "=", "submitted")], limit=50
        )
        if submitted:
            self.call("approve", "emulation.submission", "action_approve", submitted)
        done = self.call("count approved", "emulation.submission", "search_count", [*below, ("state", "=", "approved")])
        if done == self.me["communes"]:
            if self.call("consolidate", "emulation.submission", "action_consolidate", [self.me["report"]]):
                finished(self.environment)
                idle()
