"""The workflow of a report as one table: every step a report may take.

Each row says which action takes the step, from which states, to which state, who may
take it (a role: a predicate ``_is_<role>(user)`` of the report) and what follows it
(activities closed and scheduled, the unit's officers notified). Everything else is
derived from these rows, never written again:

- the actions' checks (a stale click meets "… is not possible", a wrong user an
  AccessError): ``emulation.submission._check_step``;
- the history: every transition recorded is one of these rows
  (``_record_transitions`` refuses any other move);
- the buttons: ``allowed_actions`` lists the steps the user may take now, and
  ``can_submit``/``can_review``/``can_consolidate`` say who holds the roles;
- the editable states (a report is written while its unit may still submit it) and the
  states the completeness figures, scores and documents count (those reached by a step,
  in the order of ``STATES``).

A new step is one row here, one action method and one button (``unapprove`` was added so).
Inspired by hr_holidays' ``_get_next_states_by_state`` and OCA's base_tier_validation,
kept to what this workflow needs: a static table, roles as predicates.
"""

from dataclasses import dataclass

from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

# In the order of the workflow: a returned report is a draft again (the statusbar shows
# "Returned" beside "Draft", and only when the report is returned).
STATES = [
    ("draft", "Draft"),
    ("returned", "Returned"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("consolidated", "Consolidated"),
]
STATE_ORDER = [state for state, _label in STATES]

FILL_ACTIVITY = "emulation_campaign.mail_activity_emulation_fill"
OVERDUE_ACTIVITY = "emulation_campaign.mail_activity_emulation_overdue"
REVIEW_ACTIVITY = "emulation_campaign.mail_activity_emulation_review"


@dataclass(frozen=True)
class Transition:
    """One step of the workflow.

    ``to_state`` None: the report stays in its state (a consolidation fills it).
    ``role`` None: no user takes the step by itself; another step does it to the
    reports it concerns (the reports below moved by the consolidation of the report above).
    ``button_if``: a field of the report that must be true for the step to have anything
    to do (its button shows then only; the action says why otherwise).
    """

    name: str
    from_states: tuple
    to_state: str | None
    role: str | None
    label: object = None  # "Approving": "%(action)s is not possible for …"
    refusal: object = None  # the AccessError of a user without the role, with %(reports)s
    drops: tuple = ()  # activity types removed (reminders)
    closes: tuple = ()  # activity types marked done
    schedules: str | None = None  # activity type scheduled for the reviewers
    notifies_unit: bool = False  # the chatter entry is a message to the unit's officers…
    note: object = None  # …saying this, with %(reason)s (otherwise the entry says the reason)
    button_if: str | None = None


TRANSITIONS = {
    row.name: row
    for row in (
        Transition(
            "submit",
            ("draft", "returned"),
            "submitted",
            "officer",
            _lt("Submitting"),
            _lt("Only the officers of the unit can submit its report: %(reports)s."),
            drops=(FILL_ACTIVITY, OVERDUE_ACTIVITY),
            schedules=REVIEW_ACTIVITY,
        ),
        Transition(
            "approve",
            ("submitted",),
            "approved",
            "reviewer",
            _lt("Approving"),
            _lt("Only an approver above the unit (not one of its officers) can approve: %(reports)s."),
            closes=(REVIEW_ACTIVITY,),
        ),
        # An approver who clicked too fast takes the approval back: the report waits for
        # review again, without the unit correcting anything (a return would ask it to).
        Transition(
            "unapprove",
            ("approved",),
            "submitted",
            "reviewer",
            _lt("Taking the approval back"),
            _lt("Only an approver above the unit (not one of its officers) can take an approval back: %(reports)s."),
            schedules=REVIEW_ACTIVITY,
        ),
        Transition(
            "return",
            ("submitted", "approved"),
            "returned",
            "reviewer",
            _lt("Returning"),
            _lt("Only an approver above the unit (not one of its officers) can return: %(reports)s."),
            closes=(REVIEW_ACTIVITY,),
            notifies_unit=True,
            note=_lt("Returned for correction: %(reason)s"),
        ),
        Transition(
            "consolidate",
            ("draft", "returned"),
            None,
            "consolidator",
            _lt("Consolidating"),
            _lt("Only an approver of the unit itself can consolidate its report: %(reports)s."),
            button_if="has_units_below",
        ),
        Transition(
            "undo_consolidation",
            ("draft", "returned"),
            None,
            "consolidator",
            _lt("Undoing the consolidation"),
            _lt("Only an approver of the unit itself can undo its consolidation: %(reports)s."),
            button_if="holds_consolidation",
        ),
        # The reports below, moved by the consolidation of the report above and by its undoing.
        Transition("consolidate_below", ("approved",), "consolidated", None),
        Transition("release_below", ("consolidated",), "approved", None),
    )
}


def reached(step, transitions=None):
    """The states a report is in once the step was taken, and not taken back: its
    ``to_state`` and those after it in the order of the workflow."""
    to_state = (transitions or TRANSITIONS)[step].to_state
    return tuple(STATE_ORDER[STATE_ORDER.index(to_state) :])


# A report is written while its unit may still submit it.
EDITABLE_STATES = TRANSITIONS["submit"].from_states
# Submitted and beyond (scored, counted as submitted, numbered as documents).
SUBMITTED_STATES = reached("submit")
# Approved and beyond.
APPROVED_STATES = reached("approve")
CONSOLIDATED_STATES = reached("consolidate_below")
RETURNED_STATES = (TRANSITIONS["return"].to_state,)
