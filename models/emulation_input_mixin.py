import datetime
import math

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import formatLang

MAX_TEXT_LENGTH = 100_000  # a Text field: a narrative, a dispatch's body
MAX_CHAR_LENGTH = 1_000  # a Char field: a name, a code, a number, a note
# The largest magnitude of any figure a user enters. Sums over a national tree (3,356
# units) stay below 2**53, so they are exact in PostgreSQL's float8, never overflow and
# print in full in the documents.
MAX_FIGURE = 10**12
MAX_INTEGER = 2**31 - 1  # PostgreSQL's int4
X2MANY_COMMANDS = range(7)  # Command.CREATE … Command.SET
_USER_FIELDS = {}  # (model class, attribute): the union of what its classes state


class EmulationInputMixin(models.AbstractModel):
    """What a user may write, and clear translated errors for what a client (often over
    RPC) sends with unknown or forbidden field names, the wrong types or absurd values,
    instead of a server error with a traceback.

    Each model states, in one place, the fields a user may give when creating a record
    (``_user_create_fields``) and when changing one (``_user_write_fields``); a class that
    extends the model (``_inherit``) states the fields it adds, and the model allows the
    union of them all (``_user_fields``). Which users
    may create or change a record at all is decided by the access rights and record rules
    (per role); within a record, every role gets the same fields. Everything else — names,
    links, stored related and computed fields, workflow fields — is the server's own, set by
    its actions (``sudo()``, after their own checks), through every door: the web client,
    RPC, x2many commands, import (``load``) and ``copy``.
    """

    _name = "emulation.input.mixin"
    _description = "Emulation Input Checks"

    _user_create_fields = frozenset()
    _user_write_fields = frozenset()
    _user_may_copy = False

    @api.model
    def _check_input(self, vals, operation="write"):
        """Refuse what a user may not give, then what is malformed. ``operation`` is
        ``create`` or ``write``. The server's own writes (``sudo()``) are not checked."""
        if self.env.su:
            return True
        if not isinstance(vals, dict):
            raise UserError(self.env._("The values to save must be a mapping of field names to values."))
        vals = {name: value for name, value in vals.items() if name != "id"}  # import (load) passes it along
        unknown = sorted(name for name in vals if name not in self._fields)
        if unknown:
            raise UserError(
                self.env._(
                    "%(model)s has no field named %(fields)s.",
                    model=self._model_label(),
                    fields=", ".join(map(str, unknown)),
                )
            )
        allowed = self._user_fields(operation)
        refused = [name for name in vals if name not in allowed]
        if refused:
            raise UserError(
                self.env._(
                    "These fields of %(model)s are set by the server, not by hand: %(fields)s.",
                    fields=", ".join(self._fields[name]._description_string(self.env) for name in refused),
                    model=self._model_label(),
                )
            )
        for name, value in vals.items():
            self._check_value(self._fields[name], value)
        return True

    @api.model
    def _user_fields(self, operation="write"):
        """The fields a user may give to ``create`` or ``write``: those every class of the
        model states (the model's own and those of the addons extending it)."""
        attribute = "_user_create_fields" if operation == "create" else "_user_write_fields"
        cls = type(self)
        key = (cls, attribute)
        if key not in _USER_FIELDS:
            _USER_FIELDS[key] = frozenset().union(
                *(
                    vars(klass).get(attribute, ())
                    for klass in cls.__mro__
                    if isinstance(vars(klass).get(attribute), frozenset)
                )
            )
        return _USER_FIELDS[key]

    @api.model
    def _check_value(self, field, value):
        label = field._description_string(self.env)
        shown = _short(value)
        if value is None:
            value = False
        if field.type in ("float", "integer", "monetary"):
            if (
                (isinstance(value, bool) and value is not False)
                or not isinstance(value, (int, float, bool))
                or (isinstance(value, float) and not math.isfinite(value))
            ):
                raise UserError(self.env._("%(field)s must be a number, not %(value)s.", field=label, value=shown))
            limit = MAX_INTEGER if field.type == "integer" else MAX_FIGURE
            if abs(value) > limit:
                raise UserError(
                    self.env._(
                        "%(field)s is out of range: at most %(max)s in size.",
                        field=label,
                        max=self._format_number(limit),
                    )
                )
            if field.type == "integer" and value != int(value):
                raise UserError(
                    self.env._("%(field)s must be a whole number, not %(value)s.", field=label, value=shown)
                )
        elif field.type in ("char", "text", "html"):
            if value is False:
                return True
            if isinstance(value, dict) and field.translate:
                for text in value.values():
                    self._check_value(field, text)
                return True
            if not isinstance(value, str):
                raise UserError(self.env._("%(field)s must be a text, not %(value)s.", field=label, value=shown))
            check_user_text(self.env, label, value, MAX_CHAR_LENGTH if field.type == "char" else MAX_TEXT_LENGTH)
        elif field.type == "boolean":
            if not isinstance(value, (bool, int)):
                raise UserError(self.env._("%(field)s must be yes or no, not %(value)s.", field=label, value=shown))
        elif field.type == "selection":
            if value is not False and value not in field.get_values(self.env):
                raise UserError(self.env._("%(field)s cannot be %(value)s.", field=label, value=shown))
        elif field.type in ("date", "datetime"):
            try:
                valid = value is False or isinstance(value, datetime.date) or field.convert_to_cache(value, self)
            except (ValueError, TypeError):
                valid = False
            if not valid:
                raise UserError(self.env._("%(field)s must be a date, not %(value)s.", field=label, value=shown))
        elif field.type == "many2one":
            if value is not False and not (_is_id(value) and value > 0):
                raise UserError(
                    self.env._("%(field)s must be the id of a record, not %(value)s.", field=label, value=shown)
                )
        elif field.type in ("one2many", "many2many"):
            self._check_commands(field, value)
        return True

    @api.model
    def _check_commands(self, field, commands):
        """x2many values as the ORM takes them: a list of commands, each [code, id, values]
        (a list of ids is a SET for many2many). The message is made only for a refusal:
        every save of a report's figures passes here."""
        if commands is False or (
            isinstance(commands, (list, tuple)) and all(_is_command(field, command) for command in commands)
        ):
            return
        raise UserError(
            self.env._(
                "%(field)s must be a list of commands, not %(value)s.",
                field=field._description_string(self.env),
                value=_short(commands),
            )
        )

    def _check_ids(self):
        """Record ids that came from a client are integers (``browse('abc')`` is not)."""
        if not all(_is_id(record_id) for record_id in self._ids):
            raise UserError(self.env._("Records are identified by whole numbers."))
        return True

    @api.model
    def _model_label(self):
        """The model's name in the user's language."""
        return self.env["ir.model"]._get(self._name).name or self._description

    @api.model
    def _format_number(self, value):
        """A figure for a message, the way the user reads figures (1.000.000 in Vietnamese)."""
        return formatLang(self.env, value, digits=0 if value == int(value) else 2)

    def copy(self, default=None):
        """Records of these models are made by the workflow, not duplicated; models that
        may be copied say so (``_user_may_copy``)."""
        if not self._user_may_copy and not self.env.su:
            raise UserError(self.env._("%(model)s: records are not duplicated.", model=self._model_label()))
        return super().copy(default)


def _is_id(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _is_command(field, command):
    """One x2many command of the right shape (or an id, for a many2many)."""
    if field.type == "many2many" and _is_id(command):
        return True
    if not isinstance(command, (list, tuple)) or not command or command[0] not in X2MANY_COMMANDS:
        return False
    code, rest = command[0], [*command[1:], False, False]
    if code in (1, 2, 3, 4) and not _is_id(rest[0]):
        return False
    if code in (0, 1) and not isinstance(rest[1], dict):
        return False
    return code != 6 or (isinstance(rest[1], (list, tuple)) and all(map(_is_id, rest[1])))


def _short(value):
    """A value as an error message shows it: escaped, at most 60 characters."""
    try:
        text = repr(value)
    except ValueError:  # an integer of more than 4,300 digits
        return "…"
    return text if len(text) <= 60 else text[:57] + "…"


def check_user_text(env, label, value, limit=MAX_TEXT_LENGTH):
    """A text a user gives, to a field or to an action (a return reason): a string of at
    most ``limit`` characters that PostgreSQL can store (no NUL, no lone surrogate)."""
    if not isinstance(value, str):
        raise UserError(env._("%(field)s must be a text, not %(value)s.", field=label, value=_short(value)))
    if len(value) > limit:
        raise UserError(
            env._(
                "%(field)s is too long: %(length)s characters, at most %(max)s.",
                field=label,
                length=len(value),
                max=limit,
            )
        )
    if "\x00" in value:
        raise UserError(env._("%(field)s contains a NUL character.", field=label))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UserError(env._("%(field)s contains characters that are not valid text.", field=label)) from None
    return value
