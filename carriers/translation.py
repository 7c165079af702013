from modeltranslation.translator import TranslationOptions, register

from .models import Carrier, Feature, Plan, PlanFeature, Region


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("zh-hans", "en")


@register(Carrier)
class CarrierTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"zh-hans": ("name",), "en": ("name",)}


@register(Feature)
class FeatureTranslationOptions(TranslationOptions):
    fields = ("name", "description", "unit")
    required_languages = {"zh-hans": ("name",), "en": ("name",)}


@register(Plan)
class PlanTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("zh-hans", "en")


@register(PlanFeature)
class PlanFeatureTranslationOptions(TranslationOptions):
    fields = ("note",)
