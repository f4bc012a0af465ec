from . import emulation_reports, emulation_summary
