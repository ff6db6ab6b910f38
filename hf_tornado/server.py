"""HuggingfaceInferenceServer: hf-tornado embedded in a test harness.

Two ways to run it:
- on an event loop that is already running: ``await server.start()`` / ``await server.stop()``
  (or ``async with server:``);
- from synchronous code: ``server.start()`` / ``server.stop()`` (or ``with server:``) run it
  on its own IOLoop in a daemon thread.
``start()`` picks the mode by whether it is called inside a running asyncio loop.
"""
from __future__ import annotations

import asyncio
import threading
from typing import TYPE_CHECKING, Any, Awaitable, Iterable, Iterator, Mapping

import tornado.httpserver
import tornado.ioloop
import tornado.netutil

from .app import make_app, make_state
from .config import Config
from .control import Controller
from .state import ServiceState

if TYPE_CHECKING:
    from .journal_entry import JournalEntry

# Tornado's own body limit is set far above ours: the handlers stream the body in and answer
# an oversized one with a proper 413 instead of Tornado's bare 400.
_TORNADO_BODY_LIMIT = 1 << 40


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class _Done:
    """What sync ``start()``/``stop()`` return: awaiting it is harmless."""

    def __await__(self) -> Iterator[None]:
        return iter(())


class HuggingfaceInferenceServer:
    def __init__(
        self,
        port: int | None = None,
        host: str | None = None,
        *,
        config: Config | None = None,
        plugins: Iterable[Any] = (),
        **settings: Any,
    ) -> None:
        """``port`` (default 4756; 0 picks a free one) and ``host`` (default 127.0.0.1) override
        ``config``; other ``Config`` fields can be given as keywords."""
        overrides = {k: v for k, v in (("port", port), ("host", host)) if v is not None}
        self.config = (config or Config()).replace(**overrides, **settings)
        self._plugins = tuple(plugins)
        self.state: ServiceState | None = None
        self._http_server: tornado.httpserver.HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.port: int | None = None
        self.host = self.config.host

    # --- addresses --------------------------------------------------------------------------
    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("the server is not started")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._http_server is not None

    # --- start / stop -----------------------------------------------------------------------
    def start(self) -> Awaitable[None]:
        if self.running:
            raise RuntimeError("the server is already running")
        if _running_loop() is not None:
            return self._start_here()
        self._start_in_thread()
        return _Done()

    def stop(self) -> Awaitable[None]:
        if self._thread is not None:
            self._stop_thread()
            return _Done()
        if _running_loop() is not None:
            return self._stop_here()
        self._close_server()
        return _Done()

    async def _start_here(self) -> None:
        self._listen()

    async def _stop_here(self) -> None:
        server = self._http_server
        self._close_server()
        if server is not None:
            await server.close_all_connections()

    def _listen(self) -> None:
        state = make_state(self.config, plugins=self._plugins)
        sockets = tornado.netutil.bind_sockets(self.config.port, self.config.host)
        server = tornado.httpserver.HTTPServer(
            make_app(state=state), max_body_size=_TORNADO_BODY_LIMIT, idle_connection_timeout=60, xheaders=False
        )
        server.add_sockets(sockets)
        self.state = state
        self._http_server = server
        self.port = sockets[0].getsockname()[1]

    def _close_server(self) -> None:
        if self._http_server is not None:
            self._http_server.stop()
            self._http_server = None

    def _start_in_thread(self) -> None:
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            self._loop = loop
            try:
                self._listen()
            except BaseException as exc:  # reported to the caller of start()
                failure.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.close()

        self._thread = threading.Thread(target=run, name=f"hf-tornado:{self.config.port}", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            self._thread.join()
            self._thread = None
            raise failure[0]

    def _stop_thread(self) -> None:
        loop, thread = self._loop, self._thread
        assert loop is not None and thread is not None

        async def shutdown() -> None:
            await self._stop_here()
            loop.stop()

        asyncio.run_coroutine_threadsafe(shutdown(), loop)
        thread.join(timeout=10)
        self._thread = None
        self._loop = None

    # --- context managers -------------------------------------------------------------------
    def __enter__(self) -> "HuggingfaceInferenceServer":
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    async def __aenter__(self) -> "HuggingfaceInferenceServer":
        await self.start()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.stop()

    # --- test helpers -----------------------------------------------------------------------
    def _require_state(self) -> ServiceState:
        if self.state is None:
            raise RuntimeError("the server is not started")
        return self.state

    def reset(self) -> None:
        """Clear the journal and every scripted state, as `POST /__parlel/reset` does."""
        self._require_state().reset()

    def requests(self, **filters: Any) -> list[JournalEntry]:
        """The journal, oldest first, filtered on entry fields (model, task, route_kind, ...)."""
        return self._require_state().journal.entries(**filters)

    # --- test control (docs/control.md) ------------------------------------------------------
    @property
    def control(self) -> Controller:
        """The control layer: rules, faults, warm-up, tokens, usage."""
        return self._require_state().control

    def stub(self, spec: Mapping[str, Any] | None = None, **fields: Any) -> str:
        """Add a rule (a spec, or its keys as keywords) and return its id:
        ``server.stub(model="gpt2", contains="weather", output="It is sunny.")``."""
        return self.control.rules.add({**(spec or {}), **fields}).id

    def unstub(self, rule_id: str) -> bool:
        return self.control.rules.remove(rule_id)

    def fault(self, kind: str, **fields: Any) -> str:
        """Add a fault and return its id: ``server.fault("rate_limit", model="gpt2", times=1)``."""
        return self.control.faults.add({"kind": kind, **fields}).id

    def clear_fault(self, fault_id: str) -> bool:
        return self.control.faults.remove(fault_id)

    def cold(self, model: str, **fields: Any) -> None:
        """Declare ``model`` cold: 503 loading for ``requests`` answers or ``seconds``."""
        self.control.warmup.declare({"model": model, **fields})

    def warm(self, model: str | None = None) -> None:
        """Make ``model`` (or every cold model) warm now."""
        self.control.warmup.warm(model)

    def set_tokens(self, tokens: Iterable[Mapping[str, Any]] | None) -> None:
        """Accept only these tokens (``[{"name", "token", ...limits}]``); None accepts any."""
        self.control.set_tokens(tokens)

    def strict(self, enabled: bool = True) -> None:
        """In strict mode an inference request no rule matches fails, naming the nearest rules."""
        self.control.strict = enabled

    def usage(self) -> dict[str, Any]:
        """Usage totals: overall, per model and per token name."""
        return self.control.usage.totals()

    def __repr__(self) -> str:
        where = self.url if self.port is not None else "not started"
        return f"<HuggingfaceInferenceServer {where}>"
