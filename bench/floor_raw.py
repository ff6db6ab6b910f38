"""The floor without tornado.web: Tornado's HTTPServer with a bare HTTPMessageDelegate doing what
bench/floor.py does (bearer token, JSON body, BLAKE2b, a fixed answer). The gap between the two
is what tornado.web's RequestHandler and Application cost per request.
Run: ``python bench/floor_raw.py --port 8998``.
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import json

import tornado.httpserver
import tornado.httputil

ANSWER = b'[{"generated_text":"The floor answers every request with the same few words."}]'


class RawDelegate(tornado.httputil.HTTPMessageDelegate):
    def __init__(self, connection: tornado.httputil.HTTPConnection) -> None:
        self.connection = connection
        self.chunks: list[bytes] = []
        self.method = ""
        self.headers: tornado.httputil.HTTPHeaders | None = None

    def headers_received(self, start_line, headers):  # type: ignore[no-untyped-def]
        self.method = start_line.method
        self.headers = headers

    def data_received(self, chunk: bytes) -> None:
        self.chunks.append(chunk)

    def finish(self) -> None:
        assert self.headers is not None
        header = self.headers.get("Authorization", "")
        status, body, extra = 200, ANSWER, {}
        if self.method == "GET":
            body = b'{"status":"ok"}'
        elif not header.startswith("Bearer ") or not header[7:].strip():
            status, body = 401, b'{"error":"Invalid username or password."}'
        elif self.chunks:
            try:
                parsed = json.loads(b"".join(self.chunks))
                extra["x-request-id"] = hashlib.blake2b(json.dumps(parsed, sort_keys=True).encode(), digest_size=16).hexdigest()
            except ValueError:
                status, body = 400, b'{"error":"invalid json"}'
        headers = tornado.httputil.HTTPHeaders({"Content-Type": "application/json", "Content-Length": str(len(body)), **extra})
        self.connection.write_headers(tornado.httputil.ResponseStartLine("HTTP/1.1", status, "OK"), headers, body)
        self.connection.finish()


class RawServer(tornado.httputil.HTTPServerConnectionDelegate):
    def start_request(self, server_conn, request_conn):  # type: ignore[no-untyped-def]
        return RawDelegate(request_conn)


async def serve(port: int) -> None:
    server = tornado.httpserver.HTTPServer(RawServer())
    server.listen(port, "127.0.0.1")
    print(f"raw floor serving on http://127.0.0.1:{port}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8998)
    try:
        asyncio.run(serve(parser.parse_args().port))
    except KeyboardInterrupt:
        pass
