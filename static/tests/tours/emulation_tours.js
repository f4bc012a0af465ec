import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

const lines = ".o_field_widget[name=line_ids]";

function openMenu(sectionXmlid, itemXmlid) {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Emulation app",
            trigger: ".o_app[data-menu-xmlid='emulation_campaign.menu_emulation_root']",
            run: "click",
        },
        {
            content: "Open the menu section",
            trigger: `.o_menu_sections [data-menu-xmlid='${sectionXmlid}']`,
            run: "click",
        },
        {
            content: "Open the menu item",
            trigger: `.dropdown-item[data-menu-xmlid='${itemXmlid}']`,
            run: "click",
        },
    ];
}

function setFigure(criterion, value) {
    return [
        {
            content: `Click the figure of ${criterion}`,
            trigger: `${lines} .o_data_row:contains('${criterion}') .o_data_cell[name=value_number]`,
            run: "click",
        },
        {
            content: `Type ${value}`,
            // the row of this criterion: the previous row may still be the selected one
            trigger: `${lines} .o_data_row.o_selected_row:contains('${criterion}') .o_field_widget[name=value_number] input`,
            run: `edit ${value}`,
        },
    ];
}

function openRow(content, ...texts) {
    const contains = texts.map((text) => `:contains('${text}')`).join("");
    return {
        content,
        trigger: `.o_list_view .o_data_row${contains} .o_data_cell[name=unit_id]`,
        run: "click",
    };
}

function clickButton(name) {
    return {
        content: `Click ${name}`,
        trigger: `.o_statusbar_buttons button[name=${name}]`,
        run: "click",
    };
}

function expectState(label) {
    return {
        content: `The report is ${label}`,
        trigger: `.o_statusbar_status .o_arrow_button_current:contains('${label}')`,
    };
}

registry.category("web_tour.tours").add("emulation_officer_submit", {
    url: "/odoo",
    steps: () => [
        ...openMenu(
            "emulation_campaign.menu_emulation_submission",
            "emulation_campaign.menu_emulation_submission_mine"
        ),
        openRow("Open this year's report of District 2", "District 2", "2025"),
        ...setFigure("Members trained", 12),
        ...setFigure("Funds raised", "3.5"),
        ...setFigure("Members studying", 85),
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        clickButton("action_submit"),
        expectState("Submitted"),
        {
            content: "The figures are read-only now",
            trigger: `${lines} .o_data_row:contains('Members trained') .o_data_cell[name=value_number]:contains('12')`,
        },
    ],
});

registry.category("web_tour.tours").add("emulation_approver_return", {
    url: "/odoo",
    steps: () => [
        ...openMenu(
            "emulation_campaign.menu_emulation_submission",
            "emulation_campaign.menu_emulation_submission_review"
        ),
        openRow("Open the report of District 2", "District 2"),
        {
            content: "Return it",
            trigger: ".o_statusbar_buttons button:contains('Return')",
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit Members trained must count the 2025 classes only",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name=action_return]",
            run: "click",
        },
        expectState("Returned"),
    ],
});

registry.category("web_tour.tours").add("emulation_officer_resubmit", {
    url: "/odoo",
    steps: () => [
        ...openMenu(
            "emulation_campaign.menu_emulation_submission",
            "emulation_campaign.menu_emulation_submission_mine"
        ),
        openRow("Open the returned report", "District 2", "Returned"),
        {
            content: "The reason is shown",
            trigger: ".alert-warning:contains('Members trained must count the 2025 classes only')",
        },
        ...setFigure("Members trained", 10),
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        clickButton("action_submit"),
        expectState("Submitted"),
    ],
});

registry.category("web_tour.tours").add("emulation_approver_consolidate", {
    url: "/odoo",
    steps: () => [
        ...openMenu(
            "emulation_campaign.menu_emulation_submission",
            "emulation_campaign.menu_emulation_submission_review"
        ),
        openRow("Open the report of District 2", "District 2"),
        clickButton("action_approve"),
        expectState("Approved"),
        {
            content: "Back to the reports to review",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        openRow("Open the consolidated report of District 1", "District 1"),
        clickButton("action_approve"),
        expectState("Approved"),
        ...openMenu(
            "emulation_campaign.menu_emulation_submission",
            "emulation_campaign.menu_emulation_submission_mine"
        ),
        openRow("Open the province's own report", "Province", "2025"),
        clickButton("action_consolidate_confirm"),
        {
            content: "The consolidated total of Members trained is shown (District 1: 30, District 2: 10)",
            trigger: `${lines} .o_data_row:contains('Members trained') .o_data_cell[name=value_number]:contains('40')`,
        },
        {
            content: "The average of Members studying is shown ((60 + 90 + 85) / 3)",
            trigger: `${lines} .o_data_row:contains('Members studying') .o_data_cell[name=value_number]:contains('78.33')`,
        },
        {
            content: "The consolidated reports are listed",
            trigger: ".o_notebook_headers a:contains('Consolidated Reports')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=source_submission_ids] .o_data_row:contains('District 2')",
        },
    ],
});
