from articles.markdown import render_markdown

HOSTILE = """
# Title

<script>alert('x')</script>

<img src="x.png" onerror="alert(1)">

[click](javascript:alert(1)) and <a href="javascript:alert(2)" onclick="alert(3)">raw</a>

<p onmouseover="alert(4)">hover</p>

[safe](https://example.com/plan)
"""


def test_script_tags_event_handlers_and_javascript_links_are_removed():
    html = render_markdown(HOSTILE).lower()

    assert "<script" not in html
    assert "alert('x')" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "onmouseover" not in html
    assert "javascript:" not in html


def test_ordinary_markdown_survives_sanitising_and_body_headings_start_below_the_title():
    html = render_markdown(HOSTILE)

    assert '<a href="https://example.com/plan" rel="noopener noreferrer nofollow">safe</a>' in html
    assert "<h2>Title</h2>" in html
    assert '<img src="x.png">' in html


def test_markdown_tables_and_lists_render():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n- one\n- two\n")

    assert "<table>" in html
    assert "<li>one</li>" in html


def test_empty_body_renders_empty():
    assert render_markdown("") == ""
