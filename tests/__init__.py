from . import (
    test_access,
    test_deadlines,
    test_campaign,
    test_consolidation,
    test_unit,
    test_ui,
    test_workflow,
)
