from . import emulation_reports
