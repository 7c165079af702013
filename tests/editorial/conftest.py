import pytest

from tests.factories import EditorAndMaintainerFactory


@pytest.fixture
def editor(db):
    return EditorAndMaintainerFactory()


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
