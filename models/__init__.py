from . import (
    emulation_campaign,
    emulation_campaign_demo,
    emulation_criterion,
    emulation_deadline_extension,
    emulation_document,
    emulation_document_mixin,
    emulation_input_mixin,
    emulation_period,
    emulation_submission,
    emulation_submission_export,
    emulation_submission_history,
    emulation_submission_line,
    emulation_unit,
    emulation_unit_level,
    ir_attachment,
    issued_documents,  # extends the models above: last
)
