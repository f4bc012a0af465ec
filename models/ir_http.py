from werkzeug.exceptions import HTTPException, UnprocessableEntity

from odoo import models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.http import request

JSON2_PREFIX = "/json/2/emulation."
MAX_ID = 2**31 - 1  # PostgreSQL's integer


def _is_emulation_json2():
    """A call of Odoo's JSON-2 API (/json/2/<model>/<method>) on one of this addon's models."""
    dispatcher = getattr(request, "dispatcher", None)
    return (
        getattr(dispatcher, "routing_type", None) == "json2"
        and request.httprequest.path.startswith(JSON2_PREFIX)
        and request.httprequest.path.count("/") == 4
    )


class IrHttp(models.AbstractModel):
    """JSON-2 calls on the emulation models answer bad input and refusals as the
    web client and XML-RPC do: a clear message with a 4xx status, never a server
    error, and no traceback in the body of an expected refusal."""

    _inherit = "ir.http"

    @classmethod
    def _dispatch(cls, endpoint):
        if _is_emulation_json2():
            cls._emulation_check_json2_params(request.params)
        return super()._dispatch(endpoint)

    @classmethod
    def _emulation_check_json2_params(cls, params):
        """Odoo's JSON-2 endpoint hands `ids`, `context`, `domain`, `fields` and `vals` to the ORM
        as they come: a wrong type or an unknown field would be a server error (500)
        there. Answer them with the 422 that Odoo gives a wrong argument."""
        env = request.env
        context = params.get("context", {})
        if not isinstance(context, dict):
            raise UnprocessableEntity(
                env._(
                    "context must be an object (a mapping of keys to values), not %(value)s.", value=repr(context)[:80]
                )
            )
        if isinstance(context.get("lang"), str):
            env = env(context=dict(env.context, lang=context["lang"]))  # the messages below in the caller's language
        ids = params.get("ids", [])
        if not isinstance(ids, list) or not all(
            isinstance(id_, int) and not isinstance(id_, bool) and 0 < id_ <= MAX_ID for id_ in ids
        ):
            raise UnprocessableEntity(
                env._("ids must be a list of record ids (positive whole numbers), not %(value)s.", value=repr(ids)[:80])
            )
        vals_list = params.get("vals_list", [])
        bad_vals = "vals" in params and not isinstance(params["vals"], dict)
        bad_vals_list = not isinstance(vals_list, (dict, list)) or (
            isinstance(vals_list, list) and not all(isinstance(vals, dict) for vals in vals_list)
        )
        if bad_vals or bad_vals_list:
            raise UnprocessableEntity(
                env._("vals must be an object (field names and their values), and vals_list a list of them.")
            )
        model_name, method = request.httprequest.path.split("/")[3:5]
        Model = env.get(model_name)
        if Model is None:
            return  # Odoo's endpoint answers 404
        if "domain" in params:
            try:
                Domain(params["domain"]).validate(Model)
            except (ValueError, TypeError, KeyError) as exc:
                raise UnprocessableEntity(
                    env._("The domain is not valid: %(error)s", error=str(exc).split("\n", 1)[0][:200])
                ) from None
        fields = params.get("fields")
        if fields is not None and method in ("read", "search_read"):  # plain field names there
            if not isinstance(fields, list):
                raise UnprocessableEntity(
                    env._("fields must be a list of field names, not %(value)s.", value=repr(fields)[:80])
                )
            unknown = [name for name in fields if not isinstance(name, str) or name not in Model._fields]
            if unknown:
                raise UnprocessableEntity(
                    env._(
                        "%(model)s has no field named %(fields)s.",
                        model=Model._description,
                        fields=", ".join(repr(name)[:80] for name in unknown),
                    )
                )

    @classmethod
    def _handle_error(cls, exception):
        expected = isinstance(exception, UserError) or (
            isinstance(exception, HTTPException) and (exception.code or 500) < 500
        )
        if not (expected and _is_emulation_json2()):
            return super()._handle_error(exception)
        # An expected refusal (access, workflow, bad input): the body carries the
        # message without the traceback Odoo puts in its "debug" key. The server's
        # log still gets the exception whole: it is restored once the body is made.
        saved = (exception.__traceback__, exception.__cause__, exception.__context__, exception.__suppress_context__)
        exception.__traceback__ = exception.__cause__ = exception.__context__ = None
        exception.__suppress_context__ = True
        try:
            return super()._handle_error(exception)
        finally:
            (
                exception.__traceback__,
                exception.__cause__,
                exception.__context__,
                exception.__suppress_context__,
            ) = saved
