from django.utils.formats import localize
from django.utils.translation import gettext

from .fragments import render_fragment


class ForgivingPaginationMixin:
    """``?page=abc`` or ``?page=99999`` gives a valid page (the first or the last) instead of a 404."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


def page_links(page, query=""):
    """The previous / next links of a paginated list (templates/jinja2/includes/pagination.html), keeping the
    other parameters (``query``); empty when everything fits on one page. One template for the Django pages
    (``{% pagination %}``) and the Jinja2 plan results."""
    if page is None or not page.has_other_pages():
        return ""
    number, total = localize(page.number), localize(page.paginator.num_pages)
    position = gettext("Page %(number)s of %(total)s") % {"number": number, "total": total}
    return render_fragment("includes/pagination.html", page=page, query=query, position=position)
