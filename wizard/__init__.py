from . import emulation_submission_return
