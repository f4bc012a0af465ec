from . import (
    test_access,
    test_campaign,
    test_consolidation,
    test_deadlines,
    test_demo,
    test_reports,
    test_ui,
    test_unit,
    test_workflow,
)
