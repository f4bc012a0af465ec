import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/** The campaign-wide targets as a grid: criteria in rows, periods (years) in columns. */
export class TargetGridField extends Component {
    static template = "emulation_campaign.TargetGridField";
    static props = { ...standardFieldProps };

    get grid() {
        return this.props.record.data[this.props.name] || { periods: [], criteria: [], values: {} };
    }

    cell(criterion, period) {
        const value = this.grid.values[`${criterion.id}-${period.id}`];
        return value === undefined || value === null ? "" : value;
    }

    update(criterion, period, value) {
        const values = { ...this.grid.values };
        values[`${criterion.id}-${period.id}`] = value;
        this.props.record.update({ [this.props.name]: { ...this.grid, values } });
    }

    onNumber(criterion, period, ev) {
        const text = ev.target.value.trim().replace(/\s/g, "");
        if (!text) {
            return this.update(criterion, period, null);
        }
        // 1.234,5 (Vietnamese) or 1234.5
        const normalised = text.includes(",") ? text.replace(/\./g, "").replace(",", ".") : text;
        const value = Number(normalised);
        if (!Number.isFinite(value)) {
            ev.target.classList.add("o_field_invalid");
            ev.target.title = _t("Not a number");
            return;
        }
        ev.target.classList.remove("o_field_invalid");
        this.update(criterion, period, value);
    }

    onToggle(criterion, period, ev) {
        this.update(criterion, period, ev.target.checked ? 1 : null);
    }
}

registry.category("fields").add("emulation_target_grid", {
    component: TargetGridField,
    supportedTypes: ["json"],
});
