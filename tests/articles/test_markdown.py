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


def test_remote_images_are_dropped_unless_their_host_is_allowed(settings):
    settings.MARKDOWN_IMAGE_HOSTS = ["img.esimguide.example"]
    text = (
        "![pixel](https://tracker.example/p.gif) ![ok](https://img.esimguide.example/cap.png) "
        "![local](/static/favicon.svg) ![sneaky](//tracker.example/p.gif)"
    )
    html = render_markdown(text)

    assert "tracker.example" not in html
    assert '<img src="https://img.esimguide.example/cap.png" alt="ok">' in html
    assert '<img src="/static/favicon.svg" alt="local">' in html


def test_footnote_links_keep_their_targets():
    html = render_markdown("A claim.[^1]\n\n[^1]: The carrier's terms, section 4.")

    assert '<a href="#fn-1" id="fnref-1"' in html
    assert '<li id="fn-1">' in html and 'href="#fnref-1"' in html


def test_editors_cannot_set_other_ids_or_classes():
    html = render_markdown('<p id="main" class="preview-banner">x</p><li id="fn-ok">y</li>')

    assert 'id="main"' not in html and "preview-banner" not in html


def test_backslash_and_protocol_relative_paths_are_dropped_from_links_and_images():
    html = render_markdown(
        "![x](/\\evil.example/p.png) [a](//evil.example/) [b](/\\evil.example/) [ok](/zh-hans/plans/)"
    )

    assert "evil.example" not in html
    assert 'href="/zh-hans/plans/"' in html


def test_lists_written_under_a_paragraph_line_are_lists():
    html = render_markdown("测试：\n- 打开设置\n- 选择蜂窝网络\n")

    assert "<li>打开设置</li>" in html and "<li>选择蜂窝网络</li>" in html
