"""The revision pushed by PostgreSQL (carriers/revision_feed.py): a cache hit costs no query there, a committed write
still shows on the next request, and a lost feed falls back to reading the revision. On SQLite there is no feed and
a hit reads the revision (one query). Writes here commit (transactional tests): NOTIFY is sent only at commit."""

import time

import pytest
from django.db import connection

from carriers import revision
from carriers.models import CatalogueRevision, Plan
from carriers.revision_feed import FRESH_SECONDS, feed
from tests.factories import CarrierFactory, PlanFactory

pytestmark = pytest.mark.django_db(transaction=True)
PAGE = "/en/plans/harbour-10/"


@pytest.fixture(autouse=True)
def _revision_rows():
    # A transactional test's database is emptied after it, revision rows included; migrations made them.
    for pk in (CatalogueRevision.CATALOGUE, CatalogueRevision.CONTENT):
        CatalogueRevision.objects.get_or_create(pk=pk)


@pytest.fixture
def pushed(settings):
    settings.PAGE_CACHE_REVISION_FEED = True
    yield feed
    feed.stop()


@pytest.fixture
def plan(hong_kong):
    return PlanFactory(slug="harbour-10", name_en="Harbour 10", carrier=CarrierFactory(region=hong_kong))


def wait_for(condition, seconds=FRESH_SECONDS * 2):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.01)
    raise AssertionError("not within the time")


def test_a_cache_hit_costs_no_query_on_postgresql_and_one_on_sqlite(client, plan, pushed, django_assert_num_queries):
    assert client.get(PAGE)["X-Page-Cache"] == "miss"
    if connection.vendor == "postgresql":
        wait_for(pushed.known)
        expected = 0
    else:
        assert pushed.known() is None  # no NOTIFY on SQLite: hits read the revision
        expected = 1
    with django_assert_num_queries(expected):
        response = client.get(PAGE)
    assert response["X-Page-Cache"] == "hit"


def test_a_committed_write_is_pushed_and_the_page_is_made_again(client, plan, pushed):
    client.get(PAGE)
    before = revision.read()
    if connection.vendor == "postgresql":
        assert wait_for(pushed.known) == before
    Plan.objects.filter(pk=plan.pk).update(name_en="Harbour Ten")  # raw update: no signal, only the trigger

    if connection.vendor == "postgresql":
        started = time.monotonic()
        pushed_after = wait_for(lambda: (known := pushed.known()) and known != before and known)
        assert pushed_after == revision.read()
        assert time.monotonic() - started < 1.0  # well before the heartbeat: the notification did it
    response = client.get(PAGE)
    assert response["X-Page-Cache"] == "miss" and "Harbour Ten" in response.content.decode()


def test_a_lost_feed_falls_back_to_reading_and_comes_back(client, plan, pushed):
    if connection.vendor != "postgresql":
        assert pushed.known() is None and client.get(PAGE).status_code == 200
        return
    client.get(PAGE)
    wait_for(pushed.known)
    old_backend = pushed.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [old_backend])
    wait_for(lambda: pushed.known() is None or pushed.backend_pid != old_backend)

    Plan.objects.filter(pk=plan.pk).update(name_en="Harbour Changed While Deaf")
    response = client.get(PAGE)  # whatever the feed knows now, the page shows the write
    assert "Harbour Changed While Deaf" in response.content.decode()

    wait_for(lambda: pushed.known() is not None and pushed.backend_pid not in (None, old_backend))
    assert pushed.known() == revision.read()
    assert client.get(PAGE)["X-Page-Cache"] == "hit"


COMPARE = "/en/plans/compare/?plans=harbour-10,harbour-20"


def test_a_cache_miss_costs_no_query_on_postgresql_while_the_read_model_is_at_the_pushed_revision(
    client, plan, pushed, django_assert_num_queries
):
    PlanFactory(slug="harbour-20", name_en="Harbour 20", carrier=plan.carrier)
    client.get(COMPARE)  # the read model is built at the current revision, and holds these plans' cells
    if connection.vendor == "postgresql":
        wait_for(pushed.known)
        expected = 0
    else:
        expected = 1  # no feed on SQLite: a miss reads the revision
    with django_assert_num_queries(expected):
        response = client.get("/en/plans/compare/?plans=harbour-20,harbour-10")
    assert response["X-Page-Cache"] == "miss" and "Harbour 20" in response.content.decode()

    # A write the model has not seen: the next miss reads the revision and shows the write.
    Plan.objects.filter(slug="harbour-20").update(name_en="Harbour Twenty")
    if connection.vendor == "postgresql":
        wait_for(lambda: pushed.known() == revision.read())
    response = client.get(COMPARE + "&plans=harbour-10")
    assert "Harbour Twenty" in response.content.decode()
