from . import (
    emulation_reports,
    emulation_reports_certificate,
    emulation_reports_commendation,
    emulation_reports_issue,
    emulation_reports_scoring,
    emulation_reports_xlsx,
    emulation_summary,
)
