"""Live facts and library images inside an article's Markdown: ``[[fact PLAN-SLUG FEATURE-SLUG]]``,
``[[fact PLAN-SLUG FEATURE-SLUG.RULE-SLUG]]`` (a rule's value: "5 GB; Mainland China: 1 GB") and ``[[image ID]]``.

The tag renders the plan's current answer for the feature (support, value and unit), linked to the plan, with
its verified date as a tooltip, from the catalogue read model, so text and tables never disagree. The Markdown
is rendered with placeholders that survive Markdown and the sanitiser; the placeholders are then replaced with
``articles/includes/inline_fact.html``. An unknown plan or feature renders a visible marker for staff and
nothing for readers. An image renders ``articles/includes/inline_image.html``: renditions in WebP and JPEG with
``srcset``, its width and height (no layout shift), alt text in the reader's language, lazy below the first.
"""

import re
import secrets
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from carriers import rules
from carriers.read_model import PageCells, catalogue
from images.models import Image

# The second part names a feature ("hotspot") or one of its rules ("hotspot.cap").
FACT_TAG = re.compile(
    r"\[\[\s*fact\s+([A-Za-z0-9_-]{1,100})\s+([A-Za-z0-9_-]{1,100}(?:\.[A-Za-z0-9_-]{1,40})?)\s*\]\]", re.IGNORECASE
)
IMAGE_TAG = re.compile(r"\[\[\s*image\s+([0-9]{1,12})\s*\]\]", re.IGNORECASE)


def image_ids(text):
    """The library images a Markdown text places, in order, without repeats."""
    return list(dict.fromkeys(int(pk) for pk in IMAGE_TAG.findall(text or "")))


def references(text):
    """The (plan slug, feature slug) pairs a Markdown text names, in order, without repeats."""
    return list(dict.fromkeys((plan.lower(), feature.lower()) for plan, feature in FACT_TAG.findall(text or "")))


@dataclass
class InlineFact:
    tag: str
    plan_slug: str
    feature_slug: str
    plan: object = None
    feature: object = None
    cell: object = None
    rule: object = None  # for "feature.rule": the rule, and the plan's values for it as text
    rule_text: str = ""

    @property
    def problem(self):
        if self.plan is None:
            return "plan"
        if self.feature is None and self.rule is None:
            return "rule" if "." in self.feature_slug else "feature"
        return None


def resolve(pairs):
    """Each (plan slug, feature slug) with its plan view, feature and cell from the read model (one notes query)."""
    model = catalogue()
    features = {feature.slug: feature for feature in model.features}
    by_key = {rule.key: rule for rule in model.rules} if any("." in pair[2] for pair in pairs) else {}
    facts, positions = [], []
    for tag, plan_slug, feature_slug in pairs:
        fact = InlineFact(tag, plan_slug, feature_slug)
        position = model.live_position(plan_slug)
        if position is not None:
            fact.plan = model.view(position)
            positions.append(position)
        if "." in feature_slug:
            fact.rule = by_key.get(feature_slug)
            if fact.rule is not None and fact.plan is not None:
                fact.rule_text = rules.text_of(fact.rule, fact.plan.rules, model.region_names())
        else:
            fact.feature = features.get(feature_slug)
        facts.append(fact)
    cells = PageCells(model, positions)
    for fact in facts:
        if fact.plan is not None and fact.feature is not None:
            fact.cell = cells.for_position(fact.plan.position, [fact.feature])[0]
    return facts


def prepare(text, render):
    """``render(markdown) -> safe HTML`` with every fact tag left as a placeholder, for ``fill()`` at read time.

    The result is plain data (stored with the article at save): the HTML, the placeholders' random token and the
    tags in order.
    """
    token = secrets.token_hex(4)
    tags, images = [], []

    def placeholder(match):
        tags.append((match.group(0), match.group(1).lower(), match.group(2).lower()))
        return f"FACT{token}N{len(tags) - 1}X"

    def image_placeholder(match):
        images.append(int(match.group(1)))
        return f"\n\nIMG{token}N{len(images) - 1}X\n\n"  # a paragraph of its own, replaced whole in fill()

    text = IMAGE_TAG.sub(image_placeholder, FACT_TAG.sub(placeholder, text or ""))
    html = str(render(text))
    return {"html": html, "token": token, "tags": tags, "images": images}


def fill(prepared, *, show_problems):
    """The prepared HTML with every placeholder replaced by its fact's live answer."""
    html, tags, images = prepared["html"], prepared["tags"], prepared.get("images", [])
    if not tags and not images:
        return mark_safe(html)  # noqa: S308 - prepare() stored sanitised HTML
    if tags:
        facts = resolve(tags)

        def replace(match):
            fact = facts[int(match.group(1))]
            context = {"fact": fact, "show_problems": show_problems}
            return render_to_string("articles/includes/inline_fact.html", context).strip()

        html = re.sub(rf"FACT{prepared['token']}N(\d+)X", replace, html)
    if images:
        html = _fill_images(html, prepared["token"], images, show_problems=show_problems)
    return mark_safe(html)  # noqa: S308 - sanitised, then ours


def _fill_images(html, token, images, *, show_problems):
    found = Image.objects.in_bulk(set(images))  # one query, however many images

    def replace(match):
        index = int(match.group(1))
        context = {"image": found.get(images[index]), "image_id": images[index], "lazy": index > 0,
                   "show_problems": show_problems}  # fmt: skip
        return render_to_string("articles/includes/inline_image.html", context).strip()

    return re.sub(rf"(?:<p>)?IMG{token}N(\d+)X(?:</p>)?", replace, html)
