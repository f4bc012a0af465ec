from . import (
    test_access,
    test_access_matrix,
    test_bad_input,
    test_campaign,
    test_concurrency,
    test_consolidation,
    test_deadlines,
    test_demo,
    test_reports,
    test_ui,
    test_unit,
    test_workflow,
)
