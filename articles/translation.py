from modeltranslation.translator import TranslationOptions, register

from editorial.models import TRACKING_FIELDS

from .models import Article


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body", *TRACKING_FIELDS)
    required_languages = {"zh-hans": ("title",)}
