"""Config: one frozen object, built from CLI flags > environment > config file > defaults."""
from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .errors import ConfigError

ENV_PREFIX = "HF_TORNADO_"


@dataclass(frozen=True)
class Config:
    host: str = "127.0.0.1"
    port: int = 4756
    log_level: str = "info"
    # Largest request body accepted, in bytes; larger bodies get 413. TGI and TEI use 2 MB; the
    # default leaves room for base64 images and audio.
    max_body_bytes: int = 16 * 1024 * 1024
    # Deepest JSON nesting accepted (serde_json's 128, as TGI and TEI); deeper gets a 400.
    max_json_depth: int = 128
    # Most inputs in one request (a list of texts to embed, classify, ...); more gets TEI's 422.
    # Room for the 1,000-text batches embedding tests send; 0 means no limit.
    max_batch_size: int = 4096
    # Most tokens of one generation's context (TGI's --max-total-tokens): caps every text model's
    # card, so inputs + max_new_tokens beyond it get TGI's 422 and the info routes report it.
    # 0 means each model card's own context.
    max_total_tokens: int = 0
    # Most token events one answer carries (streamed or not, so both agree): a longer answer
    # (a scripted rule's long output) ends there with finish_reason "length". 0 means no limit.
    max_stream_events: int = 100_000
    # Journal: how many requests are kept, and how much of each body.
    journal_cap: int = 1000
    journal_body_bytes: int = 4096
    # The model served by the model-less routes (POST /, /generate, /v1 without a body model).
    default_model: str = "meta-llama/Llama-3.1-8B-Instruct"
    # The model served by the TEI routes (/embed, /rerank, /predict, ...).
    default_embedding_model: str = "BAAI/bge-small-en-v1.5"
    # A real TEI serves one model; hf-tornado answers TEI's /rerank and /predict with these on
    # the same port (an app's two TEI base URLs can both point here). Set either to an
    # embedding model to get TEI's 424 "not a re-ranker / classifier" answers.
    tei_reranker_model: str = "BAAI/bge-reranker-base"
    tei_classifier_model: str = "SamLowe/roberta-base-go_emotions"
    # Skip the `hf_tornado` entry points (also HF_TORNADO_DISABLE_PLUGIN_AUTOLOAD=1).
    disable_plugin_autoload: bool = False
    # Path of the JSON config file this came from, if any (rules and faults live there too).
    config_file: str | None = None
    # Everything else the config file holds (stubs, faults, tokens), kept for the features that
    # read it.
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.max_total_tokens == 1:  # TGI needs room for one input token and one new one
            raise ConfigError("invalid value for max_total_tokens: 1 (0 for each model's own, or at least 2)")
        # Keyword settings (HuggingfaceInferenceServer(max_stream_events=-1)) skip load_config's
        # checks: a negative limit would silently mean "no limit".
        for name in ("max_total_tokens", "max_stream_events"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ConfigError(f"invalid value for {name}: {value!r}")

    def replace(self, **changes: Any) -> "Config":
        return dataclasses.replace(self, **changes)


_FIELDS = {f.name: f for f in dataclasses.fields(Config) if f.name not in ("extra",)}


def _coerce(name: str, value: Any) -> Any:
    default = Config.__dataclass_fields__[name].default
    try:
        if isinstance(default, bool):
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(value)
        if isinstance(default, int):
            # true, 2.5 or "" in a config file is a mistake, not 1, 2 or a crash.
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError(value)
            number = int(value)
            if number < 0:
                raise ValueError(value)
            return number
        return None if value is None else str(value)
    except (TypeError, ValueError):
        raise ConfigError(f"invalid value for {name}: {value!r}") from None


def _from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in _FIELDS:
        key = ENV_PREFIX + name.upper()
        if key in environ:
            found[name] = environ[key]
    if environ.get("HF_TORNADO_DISABLE_PLUGIN_AUTOLOAD"):
        found["disable_plugin_autoload"] = environ["HF_TORNADO_DISABLE_PLUGIN_AUTOLOAD"]
    return found


def _from_file(path: str) -> tuple[dict[str, Any], dict[str, Any]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise ConfigError(f"config file {path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path} must hold a JSON object")
    settings = {k: v for k, v in data.items() if k in _FIELDS}
    extra = {k: v for k, v in data.items() if k not in _FIELDS}
    return settings, extra


def load_config(
    cli: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Config:
    """Merge the layers; ``cli`` holds only the flags the user actually gave."""
    environ = os.environ if environ is None else environ
    cli = {k: v for k, v in (cli or {}).items() if v is not None}
    env = _from_env(environ)
    config_file = cli.get("config_file") or environ.get(ENV_PREFIX + "CONFIG_FILE")
    file_settings, extra = _from_file(config_file) if config_file else ({}, {})
    merged: dict[str, Any] = {}
    for layer in (file_settings, env, cli):
        merged.update(layer)
    values = {name: _coerce(name, value) for name, value in merged.items() if name in _FIELDS}
    if "port" in values and values["port"] > 65535:
        raise ConfigError(f"invalid value for port: {values['port']}")
    values["config_file"] = config_file
    return Config(**values, extra=extra)
