"""Handler tests on the running IOLoop with pytest-tornasync (app + http_server_client)."""
import json

import pytest
from tornado.httpclient import HTTPClientError

from hf_tornado import Config, make_app

AUTH = {"Authorization": "Bearer t"}


@pytest.fixture
def app():
    return make_app(Config(disable_plugin_autoload=True))


async def test_health(http_server_client):
    resp = await http_server_client.fetch("/health")
    assert json.loads(resp.body) == {"status": "ok"}


async def test_feature_extraction_384(http_server_client):
    resp = await http_server_client.fetch(
        "/models/sentence-transformers/all-MiniLM-L6-v2", method="POST", headers=AUTH, body=json.dumps({"inputs": "hi there"})
    )
    vector = json.loads(resp.body)
    assert len(vector) == 384


async def test_unknown_route_is_json_404(http_server_client):
    with pytest.raises(HTTPClientError) as info:
        await http_server_client.fetch("/nope")
    assert info.value.code == 404
    assert "No route" in json.loads(info.value.response.body)["error"]
