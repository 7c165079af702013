"""Classes of Markdown that make naive renderers slow or recursive, each sized near the import limit.

Shared by the hostile-input tests and ``bench/markdown.py``; every text is generated, none is copied from anywhere.
"""

KB = 1024


def _fill(unit, size):
    return unit * (size // len(unit))


def classes(size=500 * KB):
    ordinary = _fill(
        "## 热点分享\n\n香港的旅行 eSIM 大多允许热点分享，但有些套餐限制在每天 5 GB。[来源](https://example.com/terms)\n\n",
        size,
    )
    return {
        "open brackets": _fill("[", 20 * KB),
        "open brackets (500 KB)": _fill("[", size),
        "unclosed links": _fill("[a](", size),
        "unclosed images": _fill("![a](b ", size),
        "unclosed tags": _fill("<a ", size),
        "unclosed html blocks": _fill("<div>\n", size),
        "nested emphasis": _fill("*a **b ", size),
        "emphasis runs": _fill("*_", size),
        "backticks": _fill("`a``", size),
        "nested lists (300 levels)": "".join("  " * level + "- item\n" for level in range(300)),
        "nested quotes (300 levels)": "".join(">" * level + " q\n" for level in range(300)),
        "20,000 footnotes": "".join(f"Claim {n}.[^{n}]\n\n" for n in range(20_000))
        + "".join(f"[^{n}]: Source {n}.\n" for n in range(20_000)),
        "huge table": "| a | b |\n|---|---|\n" + _fill("| 1 | 2 |\n", size),
        "many links": _fill("[site](https://example.com/p) ", size),
        "ordinary long article": ordinary,
    }
