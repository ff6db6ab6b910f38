"""hf-tornado: a local, deterministic emulator of the Hugging Face Inference API.

The public API is what this module exports; everything else is internal.
"""
from __future__ import annotations

__version__ = "0.1.0"

from .app import make_app  # noqa: E402
from .config import Config, load_config  # noqa: E402
from .errors import ConfigError, HFTornadoError, PluginError, ServiceError  # noqa: E402
from .hookspecs import hookimpl  # noqa: E402
from .redirect import redirect  # noqa: E402
from .server import HuggingfaceInferenceServer  # noqa: E402
from .tasks import Generation, InferenceRequest, MediaResult, Task, Token  # noqa: E402

__all__ = [
    "Config",
    "ConfigError",
    "Generation",
    "HFTornadoError",
    "HuggingfaceInferenceServer",
    "InferenceRequest",
    "MediaResult",
    "PluginError",
    "ServiceError",
    "Task",
    "Token",
    "hookimpl",
    "load_config",
    "make_app",
    "redirect",
]
