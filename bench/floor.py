"""The floor: a bare Tornado app doing the least any HTTP fake must do.

It checks the bearer token, parses the JSON body, hashes it and writes a fixed answer. hf-tornado
is measured against it on the same machine, in the same run, so the ratio says what hf-tornado
itself costs on top of Tornado. Run: ``python bench/floor.py --port 8999``.
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import json

import tornado.httpserver
import tornado.web

ANSWER = b'[{"generated_text":"The floor answers every request with the same few words."}]'


class FloorHandler(tornado.web.RequestHandler):
    def post(self, *args: str) -> None:
        header = self.request.headers.get("Authorization", "")
        if not header.startswith("Bearer ") or not header[7:].strip():
            self.set_status(401)
            self.finish(b'{"error":"Invalid username or password."}')
            return
        try:
            body = json.loads(self.request.body)
        except ValueError:
            self.set_status(400)
            self.finish(b'{"error":"invalid json"}')
            return
        digest = hashlib.blake2b(json.dumps(body, sort_keys=True).encode(), digest_size=16).hexdigest()
        self.set_header("Content-Type", "application/json")
        self.set_header("x-request-id", digest)
        self.finish(ANSWER)

    def get(self, *args: str) -> None:
        self.finish(b'{"status":"ok"}')


def make_app() -> tornado.web.Application:
    return tornado.web.Application([(r"/.*", FloorHandler)])


async def serve(port: int) -> None:
    server = tornado.httpserver.HTTPServer(make_app())
    server.listen(port, "127.0.0.1")
    print(f"floor serving on http://127.0.0.1:{port}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8999)
    try:
        asyncio.run(serve(parser.parse_args().port))
    except KeyboardInterrupt:
        pass
