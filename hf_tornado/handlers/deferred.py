"""Route targets whose handler module is imported on the first request they serve.

Importing every surface (OpenAI, TGI, TEI, Hub, the pipeline, OpenAPI, control) and what they
import took ~15 ms of `python -m hf_tornado`'s start-up, for routes a given client may never
call. A ``deferred("module:Class")`` stand-in is what the route table holds: Tornado builds the
handler by calling the class with ``(application, request, **kwargs)``, and the stand-in's
``__new__`` imports the real class then and returns the real handler, fully initialised. Every
route is served from the first request; the first one of a surface pays its import (a few ms).

Each stand-in is a ``BaseHandler`` subclass, so Tornado's checks on the class (a RequestHandler,
streamed bodies) see what they would see on the real one. ``resolve()`` gives the real class
(the OpenAPI document and ``app.routes()`` describe real handlers).
"""
from __future__ import annotations

from typing import Any, ClassVar

from ..deferred_import import import_named
from .base import BaseHandler


class DeferredHandler(BaseHandler):
    """Stands in for ``target`` ("module:Class") in the route table; see the module docstring."""

    target: ClassVar[str] = ""

    @classmethod
    def resolve(cls) -> type[BaseHandler]:
        # Cached on the stand-in's own class: the same import answers every later request.
        real = cls.__dict__.get("_real")
        if real is None:
            real = import_named(cls.target)
            if not (isinstance(real, type) and issubclass(real, BaseHandler)):
                raise TypeError(f"{cls.target} is not a BaseHandler subclass")
            cls._real = real
        return real

    def __new__(cls, application: Any, request: Any, **kwargs: Any) -> Any:  # type: ignore[misc]
        # An instance of another class is returned as it is (Python does not call __init__
        # again): the real handler, built exactly as Tornado would have built it.
        return cls.resolve()(application, request, **kwargs)


def deferred(target: str) -> type[BaseHandler]:
    """A stand-in class for the handler class ``target`` ("package.module:ClassName")."""
    name = target.rpartition(":")[2]
    return type(name, (DeferredHandler,), {"target": target, "__module__": __name__, "__qualname__": name})


def resolved(handler: type) -> type:
    """The real class of a stand-in; any other class as it is."""
    resolve = getattr(handler, "resolve", None)
    return resolve() if resolve is not None and issubclass(handler, DeferredHandler) else handler
