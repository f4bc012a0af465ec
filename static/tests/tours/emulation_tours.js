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
            trigger: `${lines} .o_data_row:contains('${criterion}') .o_data_cell[name=value_input]`,
            run: "click",
        },
        {
            content: `Type ${value}`,
            // the row of this criterion: the previous row may still be the selected one
            trigger: `${lines} .o_data_row.o_selected_row:contains('${criterion}') .o_field_widget[name=value_input] input`,
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
            trigger: `${lines} .o_data_row:contains('Members trained') .o_data_cell[name=value_input]:contains('12')`,
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
            trigger: `${lines} .o_data_row:contains('Members trained') .o_data_cell[name=value_input]:contains('40')`,
        },
        {
            content: "The average of Members studying is shown ((60 + 90 + 85) / 3)",
            trigger: `${lines} .o_data_row:contains('Members studying') .o_data_cell[name=value_input]:contains('78.33')`,
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

function valueCell(criterion) {
    return `${lines} .o_data_row:contains('${criterion}') .o_data_cell[name=value_input]`;
}

registry.category("web_tour.tours").add("emulation_officer_zero_and_no", {
    url: "/odoo",
    steps: () => [
        ...openMenu(
            "emulation_campaign.menu_emulation_submission",
            "emulation_campaign.menu_emulation_submission_mine"
        ),
        openRow("Open this year's report of Commune 11", "Commune 11", "2025"),
        {
            content: "An untouched figure is empty, not 0",
            trigger: `${valueCell("Funds raised")}`,
            run() {
                const text = this.anchor.textContent.trim();
                if (text !== "") {
                    throw new Error(`An untouched figure shows "${text}"`);
                }
            },
        },
        ...setFigure("Members trained", 0),
        {
            content: "Click the answer of Learning model built",
            trigger: valueCell("Learning model built"),
            run: "click",
        },
        {
            content: "Answer No",
            trigger: `${lines} .o_data_row.o_selected_row .o_field_widget[name=value_input] select`,
            run: "select no",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
        clickButton("action_submit"),
        {
            content: "A notification says it was submitted",
            trigger: ".o_notification:contains('submitted')",
        },
        expectState("Submitted"),
        {
            content: "0 is shown as 0",
            trigger: `${valueCell("Members trained")}:contains('0')`,
        },
        {
            content: "No is shown as No",
            trigger: `${valueCell("Learning model built")}:contains('No')`,
        },
    ],
});

registry.category("web_tour.tours").add("emulation_reporter_no_approve", {
    url: "/odoo",
    steps: () => [
        ...openMenu(
            "emulation_campaign.menu_emulation_submission",
            "emulation_campaign.menu_emulation_submission_mine"
        ),
        openRow("Open the submitted report", "Commune 11", "2025"),
        expectState("Submitted"),
        {
            content: "The officer can print it",
            trigger: ".o_statusbar_buttons button:contains('Print PDF')",
        },
        {
            content: "but neither approve nor return it, nor submit it again, nor duplicate or create one",
            trigger:
                ".o_form_view:not(:has(button[name=action_approve])):not(:has(button:contains('Return')))" +
                ":not(:has(button[name=action_submit])):not(:has(.o_form_button_create))",
        },
    ],
});

registry.category("web_tour.tours").add("emulation_print_one_click", {
    url: "/odoo",
    steps: () => [
        ...openMenu(
            "emulation_campaign.menu_emulation_submission",
            "emulation_campaign.menu_emulation_submission_mine"
        ),
        openRow("Open this year's report", "Commune 11", "2025"),
        {
            content: "Print the PDF in one click",
            trigger: ".o_statusbar_buttons button:contains('Print PDF')",
            run: "click",
        },
        {
            content: "The PDF is downloaded (the buttons are enabled again)",
            trigger: ".o_statusbar_buttons button:contains('Print PDF'):enabled",
            // wkhtmltopdf renders the page: seconds on a busy machine
            timeout: 60000,
        },
        {
            content: "Download the XLSX in one click",
            trigger: ".o_statusbar_buttons button:contains('Download XLSX')",
            run: "click",
        },
        {
            content: "The XLSX is downloaded (the buttons are enabled again)",
            trigger: ".o_statusbar_buttons button:contains('Download XLSX'):enabled",
            timeout: 30000,
        },
    ],
});
