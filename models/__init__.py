# isort: off
# The mixins first: the models below inherit them.
from . import emulation_input_mixin
from . import emulation_sql_access_mixin

# The report, then its concerns in the order they build on each other (an extension
# loaded later sits above in the method resolution order: the UI's actions call these).
from . import emulation_submission
from . import emulation_submission_workflow
from . import emulation_submission_reminder
from . import emulation_submission_consolidation

# isort: on
from . import (
    emulation_campaign,
    emulation_campaign_demo,
    emulation_campaign_first_year,
    emulation_campaign_history,
    emulation_criterion,
    emulation_deadline_extension,
    emulation_document,
    emulation_document_mixin,
    emulation_figure,
    emulation_period,
    emulation_period_completeness,
    emulation_submission_export,
    emulation_submission_history,
    emulation_submission_line,
    emulation_submission_line_input,
    emulation_submission_offline,
    emulation_submission_offline_import,
    emulation_submission_restructure,
    emulation_submission_ui,
    emulation_unit,
    emulation_unit_level,
    emulation_unit_place,
    emulation_unit_restructure,
    ir_attachment,
    ir_http,
    issued_documents,  # extends the models above: after them
    mail_followers,
)

# isort: split
# Extensions of the models above: targets first, then what builds on them.
from . import emulation_target

# isort: split
from . import emulation_cluster, emulation_commendation, emulation_ranking, emulation_submission_score

# isort: split
from . import emulation_commendation_decision, emulation_commendation_demo

# isort: split
from . import emulation_commendation_certificate, emulation_commendation_decision_issue

# isort: split
# The launch's reports in bulk: it sets the stored fields of every extension above.
from . import emulation_submission_launch
