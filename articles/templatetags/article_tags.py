from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def article_body(context, article):
    """The body in the active language with its live facts; staff also see markers for broken fact tags."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return article.body_html(show_problems=bool(user and user.is_staff))
