import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { formatFloat } from "@web/views/fields/formatters";
import { parseFloat } from "@web/views/fields/parsers";
import { useInputField } from "@web/views/fields/input_field_hook";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

import { Component } from "@odoo/owl";

/**
 * The value of a report line, in one column whatever the criterion's type
 * (`value_widget` of the record, from the type's registry in engine/value_types.py):
 * a figure written the user's way (12, 3,5, 85%),
 * a three-state yes/no (not answered, Yes, No) or a text. An untouched line is empty;
 * 0 and "No" are answers. Edits `value_input` (see emulation_submission_line_input.py):
 * a figure as a plain number string, "yes"/"no", the text, or false when cleared.
 */
export class EmulationValueField extends Component {
    static template = "emulation_campaign.EmulationValueField";
    static props = { ...standardFieldProps };

    setup() {
        this.inputRef = useInputField({
            getValue: () => this.editedValue,
            parse: (value) => this.parse(value),
        });
    }

    /** "figure", "percent", "yes_no" or "text". */
    get widget() {
        return this.props.record.data.value_widget;
    }

    get isNumeric() {
        return this.widget === "figure" || this.widget === "percent";
    }

    /** The answer, or "" while there is none (the web client reads an empty char as ""). */
    get value() {
        return this.props.record.data[this.props.name] || "";
    }

    get choices() {
        return [
            ["yes", _t("Yes")],
            ["no", _t("No")],
        ];
    }

    formatNumber(value) {
        // A whole figure has no decimals (12, not 12,00); an average keeps two.
        return formatFloat(Number(value), { digits: [16, 2], trailingZeros: false });
    }

    /** What the cell shows when it is read only. */
    get displayValue() {
        const value = this.value;
        if (!value) {
            return "";
        }
        if (this.isNumeric) {
            const text = this.formatNumber(value);
            return this.widget === "percent" ? `${text}%` : text;
        }
        if (this.widget === "yes_no") {
            // a consolidated report counts the units: the server writes "3/3 ..." itself
            return Object.fromEntries(this.choices)[value] || value;
        }
        return value;
    }

    /** What the input holds when editing a figure or a text. */
    get editedValue() {
        const value = this.value;
        if (!value) {
            return "";
        }
        return this.isNumeric ? this.formatNumber(value) : value;
    }

    parse(text) {
        const trimmed = (text || "").trim();
        if (!trimmed) {
            return false;
        }
        if (!this.isNumeric) {
            return text;
        }
        const number = parseFloat(trimmed.replace(/%$/, "").trim());
        if (!Number.isFinite(number)) {
            throw new Error(`${text} is not a number`);
        }
        return String(number);
    }

    onSelect(ev) {
        this.props.record.update({ [this.props.name]: ev.target.value || false });
    }
}

export const emulationValueField = {
    component: EmulationValueField,
    displayName: _t("Emulation value"),
    supportedTypes: ["char"],
    fieldDependencies: [{ name: "value_widget", type: "char" }],
};

registry.category("fields").add("emulation_value", emulationValueField);
