"""Controller: the control layer of one server, and the step it adds to every inference request.

``before_inference`` runs after auth and after the body has arrived, before the surface parses
it. In order: token list (401/403), quotas (429/402), warm-up (503 or wait), faults, rules, strict
mode. It either answers the request itself (returns True) or lets the surface go on, possibly
with a rule's task output to render (``handler.control_output``) or a stream plan
(``handler.control_stream``). With nothing configured it costs one attribute check.

The books (rules, faults, warm-up, quotas) are built on first use: their modules and
dataclasses were ~6 ms of `python -m hf_tornado`'s start (docs/performance.md), and a server
whose tests script nothing never needs them. A book not built yet is an empty one.
"""
from __future__ import annotations

import asyncio
import threading
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from .. import errors
from ..deferred_import import import_named
from ..synth.seed import seed_int
from .book import SpecError
from .usage import Usage

if TYPE_CHECKING:
    from .facts import RequestFacts
    from .faults import FaultBook
    from .quotas import Quotas
    from .rules import RuleBook
    from .streaming import StreamPlan
    from .tokens import TokenSpec
    from .warmup import WarmUp

_CONFIG_KEYS = ("rules", "faults", "cold_models", "tokens", "strict")


class _Book:
    """A Controller attribute built on its first access from "module:Class" (imported then),
    under the controller's lock so two threads get the same book, and then stored as a plain
    instance attribute (this descriptor defines no __set__, so the instance's value wins)."""

    def __init__(self, implementation: str) -> None:
        self.implementation = implementation

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, controller: Any, owner: type | None = None) -> Any:
        if controller is None:
            return self
        with controller._build_lock:
            book = controller.__dict__.get(self.name)
            if book is None:
                book = controller.__dict__[self.name] = import_named(self.implementation, __package__)()
        return book


class Controller:
    rules: RuleBook = _Book(".rules:RuleBook")  # type: ignore[assignment]
    faults: FaultBook = _Book(".faults:FaultBook")  # type: ignore[assignment]
    warmup: WarmUp = _Book(".warmup:WarmUp")  # type: ignore[assignment]
    quotas: Quotas = _Book(".quotas:Quotas")  # type: ignore[assignment]

    def __init__(self, baseline: Mapping[str, Any] | None = None) -> None:
        self._build_lock = threading.Lock()
        self.usage = Usage()
        self.tokens: tuple[TokenSpec, ...] = ()
        self.strict = False
        self._baseline = dict(baseline or {})
        self.apply(self._baseline)

    # --- configuration ----------------------------------------------------------------------
    def apply(self, settings: Mapping[str, Any]) -> None:
        """Add the rules, faults, cold models and tokens of a config-file-shaped mapping."""
        for key in ("rules", "faults", "cold_models", "tokens"):
            if settings.get(key) is not None and not isinstance(settings[key], list):
                raise SpecError(f"`{key}` must be a list")
        for spec in settings.get("rules") or []:
            self.rules.add(spec)
        for spec in settings.get("faults") or []:
            self.faults.add(spec)
        for spec in settings.get("cold_models") or []:
            self.warmup.declare(spec)
        if settings.get("tokens") is not None:
            self.set_tokens(settings["tokens"])
        if "strict" in settings:
            self.strict = bool(settings["strict"])

    def set_tokens(self, specs: Iterable[Any] | None) -> None:
        """Replace the token list; None or [] turns token checking off."""
        from .tokens import parse_token

        try:
            parsed = tuple(parse_token(s) for s in (specs or []))
        except ValueError as exc:
            raise SpecError(str(exc)) from None
        names = [t.name for t in parsed]
        if len(set(names)) != len(names):
            raise SpecError("token names must be unique")
        self.tokens = parsed

    def _built(self, book: str) -> Any:
        """The book if it has been built, else None (a book not built yet is empty)."""
        return self.__dict__.get(book)

    def reset(self) -> None:
        """Back to the server's start: the config file's rules, faults and tokens, nothing else."""
        for name in ("rules", "faults", "warmup", "quotas"):
            book = self._built(name)
            if book is not None:
                book.clear()
        self.usage.clear()
        self.tokens = ()
        self.strict = False
        self.apply(self._baseline)

    @property
    def active(self) -> bool:
        books = self.__dict__  # the books built so far: asking does not build one
        warmup = books.get("warmup")
        return bool(self.tokens or books.get("rules") or books.get("faults") or (warmup is not None and warmup.any_cold) or self.strict)

    # --- the request path -------------------------------------------------------------------
    async def before_inference(self, handler: Any) -> bool:
        """Run the control steps for ``handler``; True when the request has been answered."""
        from .facts import facts_from_handler

        facts = facts_from_handler(handler, None)
        handler.model = facts.model
        try:
            answered = await self._steps(handler, facts)
        except errors.ServiceError:
            handler.task_name = facts.task  # journaled as such though the surface never ran
            raise
        if answered:
            handler.task_name = facts.task
        return answered

    async def _steps(self, handler: Any, facts: RequestFacts) -> bool:
        token = self._identify(handler)
        facts.token_name = token.name if token else None
        if token is not None:
            self.quotas.admit(token, facts.surface)
        if self.warmup.any_cold:
            outcome = self.warmup.check(facts.model, facts.wait_for_model)
            if isinstance(outcome, errors.ServiceError):
                handler.journal_extra["warmup"] = "loading"
                raise outcome
            if outcome is not None:
                handler.journal_extra["warmup"] = f"waited {outcome:.3f}s"
                await asyncio.sleep(outcome)
        if self.faults and await self._apply_faults(handler, facts):
            return True
        if self.rules or self.strict:
            return await self._apply_rules(handler, facts)
        return False

    def _identify(self, handler: Any) -> TokenSpec | None:
        if not self.tokens:
            return None
        token = getattr(handler, "token", None)
        if token is None:  # a route without auth: nothing to check
            return None
        from .tokens import identify

        spec = identify(token, self.tokens)
        handler.token_name = spec.name
        handler.journal_extra["token_name"] = spec.name
        return spec

    async def _apply_faults(self, handler: Any, facts: RequestFacts) -> bool:
        from .faults import STREAM_KINDS
        from .streaming import StreamPlan

        fired = self.faults.fire(facts)
        if not fired:
            return False
        handler.journal_extra["faults"] = [f.id for f in fired]
        plan: StreamPlan | None = None
        for fault in fired:
            await _delay(fault.spec.get("delay"), "fault", fault.id, fault.fired)
            if fault.kind in STREAM_KINDS or (fault.kind == "latency" and facts.stream):
                step = StreamPlan.from_fault(fault, facts.model)
                if plan is None or fault.kind != "latency":
                    if plan is not None:
                        step.merge_pacing(plan)
                    plan = step
                else:
                    plan.merge_pacing(step)
        handler.control_stream = plan
        decisive = next((f for f in fired if f.kind not in STREAM_KINDS and f.kind != "latency"), None)
        if decisive is not None:
            handler.journal_extra["fault"] = decisive.id
            raise decisive.error(facts)
        stream_fault = next((f for f in fired if f.kind in STREAM_KINDS), None)
        if stream_fault is not None:
            handler.journal_extra["fault"] = stream_fault.id
        return False

    async def _apply_rules(self, handler: Any, facts: RequestFacts) -> bool:
        rule, response = self.rules.answer(facts)
        if rule is None or response is None:
            if self.strict:
                raise self._unmatched(facts)
            return False
        handler.journal_extra["rule"] = rule.id
        await _delay(response.get("delay"), "rule", rule.id, rule.uses)
        if "output" in response:
            handler.control_output = response["output"]
            return False
        from .answers import write_raw

        await write_raw(handler, response)
        return True

    def _unmatched(self, facts: RequestFacts) -> errors.ServiceError:
        nearest = self.rules.nearest(facts)
        lines = [f"{n['id']}{' (' + n['name'] + ')' if n.get('name') else ''}: {'; '.join(n['why'])}" for n in nearest]
        described = f"{facts.route_kind} request for model {facts.model!r}"
        message = f"Strict mode: no rule matches this {described}." + (
            " Nearest rules: " + " | ".join(lines) if lines else " No rules are registered."
        )
        return errors.ServiceError(404, message, code="no_rule_matched", error_type="no_rule_matched",
                                   extra={"nearest_rules": nearest})

    def after_request(self, handler: Any, status: int) -> None:
        """Record usage (and charge quotas) once a request has finished."""
        extra = handler.journal_extra
        prompt, generated = int(extra.get("prompt_tokens") or 0), int(extra.get("generated_tokens") or 0)
        name = getattr(handler, "token_name", None)
        credits = 0.0
        if name is not None:
            token = next((t for t in self.tokens if t.name == name), None)
            if token is not None:
                credits = self.quotas.charge(token, prompt, generated, status < 400)
        self.usage.record(handler.model, name, status=status, stream=handler.streamed, prompt_tokens=prompt,
                          generated_tokens=generated, credits=credits)

    def describe(self) -> dict[str, Any]:
        return {
            "strict": self.strict,
            "rules": [r.describe() for r in self.rules.list()],
            "faults": [f.describe() for f in self.faults.list()],
            "cold_models": self.warmup.states(),
            "tokens": [t.describe() for t in self.tokens],
        }


def delay_seconds(value: Any, *seed_parts: Any) -> float:
    """A fixed delay, or one drawn from a [min, max] pair with a seed of ``seed_parts`` (the
    rule or fault and its use number), so a run repeats its delays exactly."""
    if not value:
        return 0.0
    if isinstance(value, list):
        low, high = value
        fraction = (seed_int("delay", *seed_parts) % 1_000_000) / 1_000_000
        return low + (high - low) * fraction
    return float(value)


async def _delay(value: Any, *seed_parts: Any) -> None:
    seconds = delay_seconds(value, *seed_parts)
    if seconds:
        await asyncio.sleep(seconds)


def check_config(extra: Mapping[str, Any]) -> Controller:
    """A controller for a config file's extra keys; bad specs raise ConfigError at startup."""
    try:
        return Controller({k: extra[k] for k in _CONFIG_KEYS if k in extra})
    except SpecError as exc:
        raise errors.ConfigError(f"config file: {exc}") from None
