"""`python -m hf_tornado` / `hf-tornado`: flags and environment -> Config -> serve until a signal."""
from __future__ import annotations

import argparse
import asyncio
import errno
import os
import logging
import signal
import sys
from typing import Sequence

from . import __version__
from .config import Config, load_config
from .errors import HFTornadoError
from .server import HuggingfaceInferenceServer


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="hf-tornado",
        description="A local, deterministic emulator of the Hugging Face Inference API.",
        epilog="Every flag can also be set as HF_TORNADO_<NAME> in the environment (e.g. HF_TORNADO_PORT).",
    )
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to listen on (default 4756; 0 picks a free port)")
    parser.add_argument("--log-level", choices=("debug", "info", "warning", "error"), help="log level (default info)")
    parser.add_argument("--config", dest="config_file", help="JSON config file (settings, stubs, faults, tokens)")
    parser.add_argument("--max-body-bytes", type=int, help="largest request body accepted (default 16 MiB)")
    parser.add_argument("--max-total-tokens", type=int, help="most tokens of one generation, input + new (default 0: each model's own context)")
    parser.add_argument("--max-stream-events", type=int, help="most token events in one answer; longer ones end with finish_reason length (default 100000; 0: none)")
    parser.add_argument("--journal-cap", type=int, help="requests kept in the journal (default 1000)")
    parser.add_argument("--default-model", help="model served by POST /, /generate and /v1 without a model")
    parser.add_argument("--list-plugins", action="store_true", help="list plugins and the tasks they serve, then exit")
    parser.add_argument("--version", action="version", version=f"hf-tornado {__version__}")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    cli_settings = {
        "host": args.host,
        "port": args.port,
        "log_level": args.log_level,
        "config_file": args.config_file,
        "max_body_bytes": args.max_body_bytes,
        "max_total_tokens": args.max_total_tokens,
        "max_stream_events": args.max_stream_events,
        "journal_cap": args.journal_cap,
        "default_model": args.default_model,
    }
    try:
        config = load_config(cli_settings)
        if args.list_plugins:
            try:
                status = list_plugins(config)
                sys.stdout.flush()
                return status
            except BrokenPipeError:  # `--list-plugins | head`: the reader left early, nothing failed
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                return 0
        logging.basicConfig(level=config.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        return asyncio.run(serve(config))
    except HFTornadoError as exc:
        print(f"hf-tornado: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"hf-tornado: port {config.port} on {config.host} is already in use", file=sys.stderr)
        else:
            print(f"hf-tornado: cannot listen on {config.host}:{config.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1


def list_plugins(config: Config) -> int:
    from .app import make_state

    state = make_state(config)
    for plugin, tasks in state.registry.plugins_and_tasks().items():
        print(f"{plugin}: {', '.join(sorted(tasks)) or '-'}")
    return 0


async def serve(config: Config) -> int:
    server = HuggingfaceInferenceServer(config=config)
    await server.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    print(f"hf-tornado {__version__} serving on {server.url}", flush=True)
    await stop.wait()
    await server.stop()
    print("hf-tornado stopped", flush=True)
    return 0
