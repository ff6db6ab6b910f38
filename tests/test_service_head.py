"""`HEAD /health` (curl -I, load-balancer probes) answers 200 with no body, like GET's headers.
Found by the issue-2 audit: it was a 405."""


def test_head_health_is_200_without_a_body(http):
    head = http("HEAD", "/health", auth=False)
    assert (head.status, head.body) == (200, b"")
    assert head.headers["Content-Type"].startswith("application/json")
    assert http("GET", "/health", auth=False).json() == {"status": "ok"}
