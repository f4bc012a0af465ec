import re

from odoo import api, fields, models

# "Hội CCB huyện Duy Xuyên" → "Duy Xuyên": the administrative unit the body is in.
PLACE_OF_NAME = re.compile(r"\b(?:tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn)\s+(?P<place>\S.*)$")


class EmulationUnit(models.Model):
    _inherit = "emulation.unit"

    # A manager sets the place like the unit's name.
    @property
    def _user_create_fields(self):
        return super()._user_create_fields | {"document_place"}

    @property
    def _user_write_fields(self):
        return super()._user_write_fields | {"document_place"}

    document_place = fields.Char(
        string="Place",
        compute="_compute_document_place",
        store=True,
        readonly=False,
        help="Written before the date of the unit's documents (Decree 30: the administrative unit "
        "where the body sits), e.g. Duy Xuyên. Taken from the unit's name until set by hand.",
    )

    @api.depends("name")
    def _compute_document_place(self):
        for unit in self:
            match = PLACE_OF_NAME.search(unit.name or "")
            unit.document_place = match["place"].strip() if match else unit.document_place
