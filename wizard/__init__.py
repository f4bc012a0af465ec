from . import (
    emulation_submission_consolidate,
    emulation_submission_import_xlsx,
    emulation_submission_return,
    emulation_unit_close,
)
