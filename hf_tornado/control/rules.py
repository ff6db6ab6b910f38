"""Scripted answers: rules that match a request and say what to answer.

A rule is a JSON object, the same over HTTP, from Python and in a config file:

    {"match": {"route_kind": "chat", "model": "meta-llama/*", "contains": "weather"},
     "respond": {"output": "It is sunny."}, "priority": 10, "times": 2}

``respond`` may be one answer or ``responses`` a list: the n-th match gets the n-th answer and
the last one repeats (or the rule expires after ``times`` matches). Flat specs are accepted too:
keys of ``MATCH_KEYS`` go to ``match``, keys of ``RESPOND_KEYS`` to ``respond``.
"""
from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from .book import SpecBook, SpecError
from .facts import RequestFacts, glob_match, json_subset, one_or_many

MATCH_KEYS = ("route_kind", "model", "task", "contains", "regex", "json", "last_message", "last_message_regex", "headers", "stream", "token_name")
RESPOND_KEYS = ("output", "body", "text", "body_base64", "content_type", "status", "headers", "error", "error_type", "delay", "stream_chunks", "chunk_interval", "done")
_RULE_KEYS = ("id", "name", "priority", "times", "match", "respond", "responses")


@dataclass
class Rule:
    id: str
    match: dict[str, Any]
    responses: list[dict[str, Any]]
    priority: int = 0
    times: int | None = None
    name: str | None = None
    order: int = 0
    uses: int = 0
    _regex: "re.Pattern[str] | None" = field(default=None, repr=False)
    _last_regex: "re.Pattern[str] | None" = field(default=None, repr=False)

    @property
    def expired(self) -> bool:
        return self.times is not None and self.uses >= self.times

    def misses(self, facts: RequestFacts) -> list[str]:
        """Why this rule does not match ``facts``: an empty list means it matches."""
        m = self.match
        why: list[str] = []
        kinds = one_or_many(m.get("route_kind"))
        if kinds is not None and facts.route_kind not in kinds:
            why.append(f"route_kind is {facts.route_kind!r}, rule wants {list(kinds)}")
        models = one_or_many(m.get("model"))
        if models is not None and not any(glob_match(p, facts.model) for p in models):
            why.append(f"model is {facts.model!r}, rule wants {list(models)}")
        if "task" in m and facts.task != m["task"]:
            why.append(f"task is {facts.task!r}, rule wants {m['task']!r}")
        if "token_name" in m and facts.token_name != m["token_name"]:
            why.append(f"token is {facts.token_name!r}, rule wants {m['token_name']!r}")
        if "stream" in m and facts.stream != bool(m["stream"]):
            why.append(f"stream is {facts.stream}, rule wants {bool(m['stream'])}")
        if "contains" in m and str(m["contains"]) not in facts.text:
            why.append(f"body does not contain {m['contains']!r}")
        if self._regex is not None and not self._regex.search(facts.text):
            why.append(f"body does not match /{self._regex.pattern}/")
        if "json" in m and not json_subset(m["json"], facts.body):
            why.append("body does not contain the rule's JSON subset")
        last = facts.last_message if ("last_message" in m or self._last_regex is not None) else None
        if "last_message" in m and (last is None or str(m["last_message"]) not in last):
            why.append(f"last message {_short(last)} does not contain {m['last_message']!r}")
        if self._last_regex is not None and (last is None or not self._last_regex.search(last)):
            why.append(f"last message {_short(last)} does not match /{self._last_regex.pattern}/")
        for name, wanted in (m.get("headers") or {}).items():
            actual = facts.headers.get(name)
            if actual is None or not _header_matches(str(wanted), actual):
                why.append(f"header {name} is {actual!r}, rule wants {wanted!r}")
        return why

    def next_response(self) -> dict[str, Any]:
        """The answer for this match (1st, 2nd, ... then the last repeats); counts the use."""
        response = self.responses[min(self.uses, len(self.responses) - 1)]
        self.uses += 1
        return response

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "priority": self.priority, "match": self.match, "responses": self.responses, "uses": self.uses}
        if self.name:
            out["name"] = self.name
        if self.times is not None:
            out["times"] = self.times
        return out


def _short(text: str | None) -> str:
    if text is None:
        return "(none)"
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _header_matches(wanted: str, actual: str) -> bool:
    if len(wanted) > 1 and wanted.startswith("/") and wanted.endswith("/"):
        return re.search(wanted[1:-1], actual) is not None
    return wanted == actual


def _compile(pattern: Any, key: str) -> "re.Pattern[str] | None":
    if pattern is None:
        return None
    try:
        return re.compile(str(pattern))
    except re.error as exc:
        raise SpecError(f"`{key}` is not a valid regular expression: {exc}") from None


def check_response(response: Any, where: str) -> dict[str, Any]:
    if not isinstance(response, dict):
        raise SpecError(f"`{where}` must be an object")
    unknown = sorted(set(response) - set(RESPOND_KEYS))
    if unknown:
        raise SpecError(f"unknown key(s) in `{where}`: {', '.join(unknown)}; known: {', '.join(RESPOND_KEYS)}")
    kinds = [k for k in ("output", "body", "text", "body_base64", "error", "stream_chunks") if k in response]
    if len(kinds) > 1:
        raise SpecError(f"`{where}` gives several answers ({', '.join(kinds)}); give one")
    if "status" in response and (not isinstance(response["status"], int) or not 100 <= response["status"] <= 599):
        raise SpecError(f"`{where}.status` must be an HTTP status code")
    if "body_base64" in response:
        try:
            base64.b64decode(response["body_base64"], validate=True)
        except (ValueError, TypeError):
            raise SpecError(f"`{where}.body_base64` is not valid base64") from None
    if "delay" in response:
        check_delay(response["delay"], f"{where}.delay")
    if "stream_chunks" in response and not isinstance(response["stream_chunks"], list):
        raise SpecError(f"`{where}.stream_chunks` must be a list")
    if "headers" in response and not isinstance(response["headers"], dict):
        raise SpecError(f"`{where}.headers` must be an object")
    if "chunk_interval" in response and not (isinstance(response["chunk_interval"], (int, float)) and not isinstance(response["chunk_interval"], bool)):
        raise SpecError(f"`{where}.chunk_interval` must be seconds (a number)")
    if "chunk_interval" in response:
        check_delay(response["chunk_interval"], f"{where}.chunk_interval")
    for key in ("content_type", "error_type"):
        if response.get(key) is not None and not isinstance(response[key], str):
            raise SpecError(f"`{where}.{key}` must be a string")
    return response


# A scripted delay longer than this is a typo, not a test: the request would hang for good.
MAX_DELAY_SECONDS = 600.0


def check_delay(value: Any, where: str) -> None:
    def seconds(v: Any) -> bool:
        return isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= MAX_DELAY_SECONDS

    ok = seconds(value)
    if isinstance(value, list) and len(value) == 2 and all(seconds(v) for v in value):
        ok = value[0] <= value[1]
    if not ok:
        raise SpecError(f"`{where}` must be seconds (a number from 0 to {MAX_DELAY_SECONDS:g}) or a [min, max] pair")


def check_targets(spec: Mapping[str, Any], where: str) -> None:
    """Values a rule or fault compares with the request must be of the compared type, or every
    later request would fail with a TypeError instead of the test seeing its mistake now."""
    for key in ("model", "route_kind"):
        value = spec.get(key)
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        if not values or not all(isinstance(v, str) for v in values):
            raise SpecError(f"`{where}{key}` must be a string or a non-empty list of strings")
    for key in ("task", "token_name", "contains", "last_message", "regex", "last_message_regex"):
        if spec.get(key) is not None and not isinstance(spec[key], str):
            raise SpecError(f"`{where}{key}` must be a string")
    if spec.get("stream") is not None and not isinstance(spec["stream"], bool):
        raise SpecError(f"`{where}stream` must be true or false")


def parse_rule(spec: Any, rule_id: str, order: int) -> Rule:
    if not isinstance(spec, Mapping):
        raise SpecError("a rule must be a JSON object")
    spec = dict(spec)
    flat_match = {k: spec.pop(k) for k in MATCH_KEYS if k in spec and k != "headers"}
    flat_respond = {k: spec.pop(k) for k in RESPOND_KEYS if k in spec and k != "headers"}
    if "headers" in spec:  # flat `headers` means request headers unless there is a `match` block
        flat_match["headers"] = spec.pop("headers")
    if "response_headers" in spec:
        flat_respond["headers"] = spec.pop("response_headers")
    unknown = sorted(set(spec) - set(_RULE_KEYS))
    if unknown:
        raise SpecError(f"unknown key(s) in rule: {', '.join(unknown)}; match keys: {', '.join(MATCH_KEYS)}; answer keys: {', '.join(RESPOND_KEYS)}")
    if not isinstance(spec.get("match") or {}, Mapping):
        raise SpecError("`match` must be an object")
    # null means "not given", as in request parameters
    match = {k: v for k, v in {**flat_match, **dict(spec.get("match") or {})}.items() if v is not None}
    bad = sorted(set(match) - set(MATCH_KEYS))
    if bad:
        raise SpecError(f"unknown key(s) in `match`: {', '.join(bad)}; known: {', '.join(MATCH_KEYS)}")
    if "headers" in match and not isinstance(match["headers"], dict):
        raise SpecError("`match.headers` must be an object")
    check_targets(match, "match.")
    if "responses" in spec:
        responses = spec["responses"]
        if not isinstance(responses, list) or not responses:
            raise SpecError("`responses` must be a non-empty list")
    else:
        if not isinstance(spec.get("respond") or {}, Mapping):
            raise SpecError("`respond` must be an object")
        responses = [{**flat_respond, **dict(spec.get("respond") or {})}]
    responses = [check_response(r, f"responses[{i}]") for i, r in enumerate(responses)]
    if not any(responses[0].get(k) is not None for k in ("output", "body", "text", "body_base64", "error", "stream_chunks", "status")):
        raise SpecError("a rule needs an answer: one of output, body, text, body_base64, error, stream_chunks or status")
    priority = spec.get("priority", 0)
    times = spec.get("times")
    if not isinstance(priority, int) or isinstance(priority, bool):
        raise SpecError("`priority` must be an integer")
    if times is not None and (not isinstance(times, int) or isinstance(times, bool) or times < 1):
        raise SpecError("`times` must be a positive integer")
    return Rule(
        id=str(spec.get("id") or rule_id),
        name=spec.get("name"),
        match=match,
        responses=responses,
        priority=priority,
        times=times,
        order=order,
        _regex=_compile(match.get("regex"), "match.regex"),
        _last_regex=_compile(match.get("last_message_regex"), "match.last_message_regex"),
    )


class RuleBook(SpecBook[Rule]):
    """The rules of one server, highest priority first, then the most recently added."""

    def __init__(self) -> None:
        super().__init__(parse_rule, "rule", lambda r: (-r.priority, -r.order))

    def answer(self, facts: RequestFacts) -> tuple[Rule | None, dict[str, Any] | None]:
        """The winning rule and its answer: highest priority, then the most recently added."""
        with self._lock:
            for rule in self._ordered:
                if not rule.expired and not rule.misses(facts):
                    return rule, rule.next_response()
        return None, None

    def nearest(self, facts: RequestFacts, count: int = 3) -> list[dict[str, Any]]:
        """The rules closest to matching, with why each did not (for strict mode)."""
        with self._lock:
            scored = []
            for rule in self._items.values():
                why = rule.misses(facts) or []
                if rule.expired:
                    why = [f"expired after {rule.times} use(s)"] + why
                scored.append((len(why), -rule.order, rule, why))
        scored.sort(key=lambda item: (item[0], item[1]))
        return [{"id": rule.id, "name": rule.name, "why": why} for _, _, rule, why in scored[:count]]
