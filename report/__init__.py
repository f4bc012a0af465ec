from . import emulation_reports, emulation_reports_issue, emulation_summary
