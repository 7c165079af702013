import pytest

from tests.factories import EditorFactory


@pytest.fixture
def editor(db):
    return EditorFactory()


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
