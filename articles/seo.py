"""schema.org data for an article page: Article, BreadcrumbList, and FAQPage when the title is a question."""

import re

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.structured_data import breadcrumb_list

QUESTION = re.compile(r"[?？]\s*$")
FIRST_PARAGRAPH = re.compile(r"^(?!#|>|-|\*|\d+\.|\[\[)(.+)$", re.MULTILINE)


def _answer(article):
    """The answer a FAQ result shows: the summary, else the body's first plain paragraph."""
    if article.summary:
        return article.summary
    match = FIRST_PARAGRAPH.search(article.body or "")
    return match.group(1).strip() if match else ""


def structured_data(request, article):
    url = request.build_absolute_uri(article.get_absolute_url())
    data = [
        {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": article.title[:110],
            "description": article.summary,
            "inLanguage": get_language(),
            "datePublished": article.published_at.isoformat() if article.published_at else None,
            "dateModified": article.updated_at.isoformat() if article.updated_at else None,
            "mainEntityOfPage": url,
            "url": url,
            "author": {"@type": "Organization", "name": "esimguide"},
            "publisher": {"@type": "Organization", "name": "esimguide"},
            "about": [region.name for region in article.regions.all()] + [f.name for f in article.features.all()],
        },
        breadcrumb_list(
            request,
            [(_("Home"), reverse("home")), (_("Articles"), reverse("articles:article_list")), (article.title, url)],
        ),
    ]
    answer = _answer(article)
    if QUESTION.search(article.title or "") and answer:
        data.append(
            {
                "@context": "https://schema.org",
                "@type": "FAQPage",
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": article.title,
                        "acceptedAnswer": {"@type": "Answer", "text": answer},
                    }
                ],
            }
        )
    return data
