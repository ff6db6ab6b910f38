"""What TGI's and TEI's own routes share: they are served as a container an app runs itself.

Such a container takes requests without a token (apps talking to their own TGI or TEI send
none) until a token list is configured, like a container started with `--api-key`: then a
missing or wrong token on a POST gets a bare 401, with no body and no Content-Type (WIRE.md 4.4
and 8).
"""
from __future__ import annotations

from typing import Any

from .. import errors
from .inference import InferenceHandler


class ContainerHandler(InferenceHandler):
    requires_auth = False

    def auth_required(self) -> bool:
        return self.request.method == "POST" and bool(self.state.control.tokens)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(exc, errors.ServiceError) and exc.status == 401:
            self.clear()
            self.set_default_headers()
            self.set_status(401)
            self.clear_header("Content-Type")
            self.journal_extra.setdefault("error", exc.message)
            self.finish()
            return
        super().write_error(status_code, **kwargs)
