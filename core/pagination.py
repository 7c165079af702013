class ForgivingPaginationMixin:
    """``?page=abc`` or ``?page=99999`` gives a valid page (the first or the last) instead of a 404."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
