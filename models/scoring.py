"""Constants shared by the scoring, ranking and commendation models (no models here)."""

# The criteria a target can be set on, and that are scored: engine.target_types().
# The reports that have a score and a rank.
SCORED_STATES = ("submitted", "approved", "consolidated")
