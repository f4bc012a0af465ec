# isort: off
# The mixin first: the models below inherit it.
from . import emulation_input_mixin

# isort: on
from . import (
    emulation_campaign,
    emulation_campaign_demo,
    emulation_campaign_history,
    emulation_criterion,
    emulation_deadline_extension,
    emulation_document,
    emulation_document_mixin,
    emulation_period,
    emulation_submission,
    emulation_submission_export,
    emulation_submission_history,
    emulation_submission_line,
    emulation_submission_offline,
    emulation_submission_restructure,
    emulation_unit,
    emulation_unit_level,
    emulation_unit_restructure,
    ir_attachment,
    ir_http,
    issued_documents,  # extends the models above: after them
    mail_followers,
)
