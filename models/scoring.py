"""Constants shared by the scoring, ranking and commendation models (no models here)."""

from .emulation_submission_transitions import SUBMITTED_STATES

# The criteria a target can be set on, and that are scored: engine.target_types().
# The reports that have a score and a rank.
SCORED_STATES = SUBMITTED_STATES  # submitted and beyond, by the workflow's table
