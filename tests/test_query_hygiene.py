"""Page-cache hygiene: only the parameters a page reads reach it (the rest are redirected away), fragment-header
variants share one entry, and the scheme is part of the key. Runs with Redis in CI (REDIS_URL) and locally."""

import pytest

from esimguide.page_cache import near_cache
from tests.factories import CarrierFactory, PlanFactory, PlanFeatureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(hong_kong, hotspot):
    plan = PlanFactory(slug="harbour-10", carrier=CarrierFactory(region=hong_kong))
    PlanFeatureFactory(plan=plan, feature=hotspot)
    return plan


@pytest.mark.parametrize(
    ("junk", "clean"),
    [
        ("/en/plans/?utm_source=x&region=hong-kong", "/en/plans/?region=hong-kong"),
        ("/en/plans/?x=1", "/en/plans/"),
        ("/en/plans/harbour-10/?ref=mail", "/en/plans/harbour-10/"),
        ("/en/plans/compare/?plans=harbour-10&junk=1", "/en/plans/compare/?plans=harbour-10"),
        ("/en/search/?q=hotspot&fbclid=abc", "/en/search/?q=hotspot"),
        ("/en/articles/?page=2&x=y", "/en/articles/?page=2"),
        ("/en/?a=b", "/en/"),
    ],
)
def test_parameters_a_page_does_not_read_are_redirected_away(client, plan, junk, clean):
    response = client.get(junk)

    assert response.status_code == 301 and response["Location"] == clean


def test_junk_parameters_add_no_cache_entry(client, plan):
    client.get("/en/plans/")
    entries = len(near_cache.entries)

    for number in range(30):
        assert client.get(f"/en/plans/?junk{number}={'x' * 200}").status_code == 301

    assert len(near_cache.entries) == entries


def test_filters_the_page_reads_are_kept(client, plan):
    response = client.get("/en/plans/?region=hong-kong&hotspot=yes&sort=price&compare=harbour-10&page=1")

    assert response.status_code == 200


def test_fragment_header_variants_share_one_entry(client, plan):
    client.get("/en/plans/", HTTP_HX_REQUEST="true")
    client.get("/en/plans/", HTTP_HX_REQUEST="true")  # asked again: the near cache holds it too
    entries = len(near_cache.entries)

    for value in ["1", "yes", "anything", "x" * 100]:
        assert client.get("/en/plans/", HTTP_HX_REQUEST=value)["X-Page-Cache"] == "hit"

    assert len(near_cache.entries) == entries


def test_https_and_http_pages_are_separate_entries(client, plan):
    plain = client.get("/en/plans/harbour-10/")
    secure = client.get("/en/plans/harbour-10/", secure=True)

    assert plain["X-Page-Cache"] == "miss" and secure["X-Page-Cache"] == "miss"
    assert 'href="https://' in secure.content.decode() and 'href="https://' not in plain.content.decode()


def test_a_404_for_a_protocol_relative_path_links_only_to_this_host(client, plan):
    html = client.get("//evil.example/en/plans/").content.decode()

    assert "evil.example/" not in html.replace("//evil.example/en/plans/", "")
    assert 'rel="canonical" href="http://testserver/' in html


def test_compare_reads_a_few_slugs_from_an_address_of_thousands(client, plan):
    slugs = ",".join(f"s{number}" for number in range(5_000))

    response = client.get(f"/en/plans/compare/?plans=harbour-10,{slugs}")

    assert response.status_code == 200 and "harbour-10" in response.content.decode()


def test_the_liveness_probe_touches_neither_the_database_nor_the_cache(client, django_assert_num_queries):
    # Load balancers ask it every few seconds; it says the process answers, and is the benchmark's trivial view.
    with django_assert_num_queries(0):
        assert client.get("/healthz/").json() == {"status": "ok"}
