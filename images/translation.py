from modeltranslation.translator import TranslationOptions, register

from .models import Image


@register(Image)
class ImageTranslationOptions(TranslationOptions):
    fields = ("alt",)
    # Traditional Chinese is converted from Simplified when left empty (CONVERTED_LANGUAGES).
    required_languages = ("zh-hans", "en")
