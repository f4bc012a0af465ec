from odoo import api, models
from odoo.exceptions import UserError

MAX_TEXT_LENGTH = 100_000


class EmulationInputMixin(models.AbstractModel):
    """Clear, translated errors for values that a user's client (often over RPC)
    sends with unknown field names, the wrong types or absurd sizes, instead of a
    server error with a traceback."""

    _name = "emulation.input.mixin"
    _description = "Emulation Input Checks"

    @api.model
    def _check_input(self, vals):
        if self.env.su:
            return True  # the server's own writes (consolidated texts may exceed a user's limit)
        unknown = sorted(name for name in vals if name not in self._fields)
        if unknown:
            raise UserError(
                self.env._(
                    "%(model)s has no field named %(fields)s.",
                    model=self._description,
                    fields=", ".join(unknown),
                )
            )
        for name, value in vals.items():
            field = self._fields[name]
            label = field._description_string(self.env)
            if field.type in ("float", "integer", "monetary"):
                if (isinstance(value, bool) and value is not False) or not isinstance(value, (int, float, bool)):
                    raise UserError(self.env._("%(field)s must be a number, not %(value)r.", field=label, value=value))
            elif field.type in ("char", "text", "html"):
                if value is not False and value is not None and not isinstance(value, str):
                    raise UserError(self.env._("%(field)s must be a text, not %(value)r.", field=label, value=value))
                if isinstance(value, str) and len(value) > MAX_TEXT_LENGTH:
                    raise UserError(
                        self.env._(
                            "%(field)s is too long: %(length)s characters, at most %(max)s.",
                            field=label,
                            length=len(value),
                            max=MAX_TEXT_LENGTH,
                        )
                    )
            elif field.type == "boolean" and not isinstance(value, (bool, int)) and value is not None:
                raise UserError(self.env._("%(field)s must be yes or no, not %(value)r.", field=label, value=value))
        return True
