"""schema.org data shared by the apps' pages."""


def breadcrumb_list(request, crumbs):
    """schema.org BreadcrumbList from (name, path) pairs, home first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": index, "name": str(name), "item": request.build_absolute_uri(path)}
            for index, (name, path) in enumerate(crumbs, start=1)
        ],
    }
