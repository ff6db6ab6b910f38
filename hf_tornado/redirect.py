"""`hf_tornado.redirect(url)`: make an unedited app's `huggingface_hub` calls land on hf-tornado.

Apps call `InferenceClient().text_classification(text, model="org/name")`; the client then asks
the Hub about the model and posts to hard-coded Hugging Face hosts (WIRE.md 1.1). Inside
``with redirect(url):`` those requests go to ``url`` instead, and everything is put back on exit.

What actually decides each URL in huggingface_hub (read at call time unless noted):
- ``constants.ENDPOINT``: the Hub (model info, provider mapping, `/api/tasks`, the telemetry
  probe); ``HfApi()`` copies it at construction, and ``hf_api.api`` (behind the module-level
  ``model_info``/``list_models``) was constructed at import, so its ``endpoint`` is patched too;
- ``constants.INFERENCE_PROXY_TEMPLATE``: the router, for hf-inference chat and for any provider
  called with an ``hf_`` token;
- each hf-inference helper's ``base_url``, copied from the template AT IMPORT: the URL of every
  non-chat hf-inference task (patching only the constant is not enough);
- the auto-router chat helper's ``base_url`` (the literal ``https://router.huggingface.co``), and
  its ``hf_``-token requirement, lifted so that a test token such as ``"test"`` works;
- ``constants.INFERENCE_ENDPOINT``: ``get_endpoint_info(model=id)``.
The lru-caches of Hub answers (provider mapping, supported task, recommended models) are cleared
on entry and on exit, so no answer of the real Hub is used inside and none of hf-tornado's leaks
out. The telemetry registry (``/api/agent-harnesses``) is fetched from hf-tornado into a temporary
cache file, and the process's registry and cache path are restored afterwards.

Tokens: hf-tornado's inference routes want a bearer token. When the process has none
(``HF_TOKEN`` unset and no login), ``HF_TOKEN`` is set to ``token`` (default ``hf_tornado``) for
the duration. An existing token is sent as is, to loopback only.

Offline mode: ``HF_HUB_OFFLINE=1`` makes huggingface_hub refuse every request, loopback included.
Inside the redirect it is lifted for requests to ``url`` only: a request to any other host still
raises ``OfflineModeIsEnabled``, as it would without the redirect.

The default ``url`` is ``HF_INFERENCE_BASE_URL`` (the base URL of a running hf-tornado, e.g.
``http://127.0.0.1:4756``), else ``http://127.0.0.1:4756``.
"""
from __future__ import annotations

import os
import threading
from types import TracebackType
from typing import Any, Callable
from urllib.parse import urlsplit

DEFAULT_BASE_URL = "http://127.0.0.1:4756"
BASE_URL_ENV = "HF_INFERENCE_BASE_URL"
DEFAULT_TOKEN = "hf_tornado"

_MISSING = object()
# One redirect changes process-wide state; entering and leaving are serialised.
_LOCK = threading.RLock()


def base_url_from_env(environ: Any = None) -> str:
    """``HF_INFERENCE_BASE_URL`` without a trailing slash, or the default local address."""
    environ = os.environ if environ is None else environ
    return (environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).rstrip("/")


class redirect:  # noqa: N801 - used like a function: `with hf_tornado.redirect(url):`
    """Context manager (and decorator) sending huggingface_hub's Hub and inference traffic for
    model ids to hf-tornado at ``url``; see the module docstring for what is patched."""

    def __init__(self, url: str | None = None, *, token: str = DEFAULT_TOKEN) -> None:
        self.url = (url or base_url_from_env()).rstrip("/")
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"redirect() needs an absolute http(s) URL of hf-tornado, got {url!r}")
        self.token = token
        self._undo: list[Callable[[], None]] = []
        self._tmpdir: str | None = None

    # --- context manager / decorator -------------------------------------------------------
    def __enter__(self) -> str:
        with _LOCK:
            if self._undo:
                raise RuntimeError("this redirect is already active; make a new one to nest")
            try:
                self._apply()
            except BaseException:
                self._restore()
                raise
        return self.url

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        with _LOCK:
            self._restore()

    def __call__(self, func: Callable[..., Any]) -> Callable[..., Any]:
        import functools
        import inspect

        if inspect.iscoroutinefunction(func):
            @functools.wraps(func)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                with redirect(self.url, token=self.token):
                    return await func(*args, **kwargs)
            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with redirect(self.url, token=self.token):
                return func(*args, **kwargs)
        return wrapper

    # --- patching helpers ------------------------------------------------------------------
    def _set_attr(self, obj: Any, name: str, value: Any) -> None:
        """Set ``obj.name``, remembering how to undo it (an instance attribute that did not exist
        is deleted again, so a patched method falls back to the class's)."""
        previous = obj.__dict__.get(name, _MISSING) if hasattr(obj, "__dict__") else getattr(obj, name, _MISSING)
        setattr(obj, name, value)

        def undo() -> None:
            if previous is _MISSING:
                try:
                    delattr(obj, name)
                except AttributeError:
                    pass
            else:
                setattr(obj, name, previous)

        self._undo.append(undo)

    def _set_env(self, name: str, value: str) -> None:
        previous = os.environ.get(name)
        os.environ[name] = value

        def undo() -> None:
            if previous is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = previous

        self._undo.append(undo)

    def _restore(self) -> None:
        while self._undo:
            self._undo.pop()()
        if self._tmpdir is not None:
            import shutil  # here, not at import: shutil and tempfile are ~3 ms of every start-up

            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None

    # --- what is patched -------------------------------------------------------------------
    def _apply(self) -> None:
        try:
            from huggingface_hub import constants, hf_api
            from huggingface_hub.inference import _providers as providers
            from huggingface_hub.inference._providers import _common, hf_inference
            from huggingface_hub.utils import _detect_agent, get_token
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise RuntimeError(f"hf_tornado.redirect() needs huggingface_hub installed: {exc}") from exc

        url = self.url
        caches = (_common._fetch_inference_provider_mapping, hf_inference._check_supported_task, hf_inference._fetch_recommended_models)
        for cache in caches:
            cache.cache_clear()
        # Undone last-in-first-out: the caches are cleared again after everything else is back.
        self._undo.append(lambda: [cache.cache_clear() for cache in caches])

        self._set_attr(constants, "ENDPOINT", url)
        self._set_attr(constants, "INFERENCE_PROXY_TEMPLATE", url + "/{provider}")
        self._set_attr(constants, "INFERENCE_ENDPOINT", url)
        self._set_attr(hf_api.api, "endpoint", url)

        hf_inference_base = url + "/hf-inference"
        for helper in providers.PROVIDERS.get("hf-inference", {}).values():
            self._set_attr(helper, "base_url", hf_inference_base)

        auto_router = providers.CONVERSATIONAL_AUTO_ROUTER
        self._set_attr(auto_router, "base_url", url)
        # The real auto-router refuses non-`hf_` keys client-side; tests often use any token.
        self._set_attr(auto_router, "_prepare_base_url", lambda api_key: url)

        # Telemetry: fetch the agent registry from hf-tornado into a throwaway cache file.
        import tempfile

        self._tmpdir = tempfile.mkdtemp(prefix="hf-tornado-redirect-")
        self._set_attr(constants, "AGENT_HARNESSES_PATH", os.path.join(self._tmpdir, "agent_harnesses.json"))
        self._set_attr(_detect_agent, "_registry", None)

        if get_token() is None:
            self._set_env("HF_TOKEN", self.token)

        if constants.HF_HUB_OFFLINE:
            self._allow_only_this_host_while_offline(constants)

    def _allow_only_this_host_while_offline(self, constants: Any) -> None:
        """Lift HF_HUB_OFFLINE for requests to ``self.url`` only, by wrapping the client factories
        so that every new huggingface_hub session refuses any other host."""
        from huggingface_hub.errors import OfflineModeIsEnabled
        from huggingface_hub.utils import _http

        origin = _origin(self.url)

        def guard(request: Any) -> None:
            if _origin(str(request.url)) != origin:
                raise OfflineModeIsEnabled(
                    f"Cannot reach {request.url}: offline mode is enabled (HF_HUB_OFFLINE); "
                    f"hf_tornado.redirect() lets only {self.url} through."
                )

        async def async_guard(request: Any) -> None:
            guard(request)

        sync_factory = _http._GLOBAL_CLIENT_FACTORY
        async_factory = _http._GLOBAL_ASYNC_CLIENT_FACTORY

        def guarded_sync() -> Any:
            client = sync_factory()
            client.event_hooks = {**client.event_hooks, "request": [guard, *client.event_hooks["request"]]}
            return client

        def guarded_async() -> Any:
            client = async_factory()
            client.event_hooks = {**client.event_hooks, "request": [async_guard, *client.event_hooks["request"]]}
            return client

        self._set_attr(constants, "HF_HUB_OFFLINE", False)
        _http.set_client_factory(guarded_sync)
        _http.set_async_client_factory(guarded_async)

        def undo() -> None:
            _http.set_client_factory(sync_factory)
            _http.set_async_client_factory(async_factory)

        self._undo.append(undo)


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()
