from modeltranslation.translator import TranslationOptions, register

from editorial.models import TRACKING_FIELDS

from .models import Carrier, Feature, FeatureAttribute, Plan, PlanAttribute, PlanFeature, Region


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("name", "keywords", *TRACKING_FIELDS)
    required_languages = {"zh-hans": ("name",), "en": ("name",)}


@register(Carrier)
class CarrierTranslationOptions(TranslationOptions):
    fields = ("name", "description", *TRACKING_FIELDS)
    required_languages = {"zh-hans": ("name",), "en": ("name",)}


@register(Feature)
class FeatureTranslationOptions(TranslationOptions):
    fields = ("name", "description", "unit", "keywords", *TRACKING_FIELDS)
    required_languages = {"zh-hans": ("name",), "en": ("name",)}


@register(Plan)
class PlanTranslationOptions(TranslationOptions):
    fields = ("name", *TRACKING_FIELDS)
    required_languages = {"zh-hans": ("name",), "en": ("name",)}


@register(PlanFeature)
class PlanFeatureTranslationOptions(TranslationOptions):
    fields = ("note", *TRACKING_FIELDS)


@register(FeatureAttribute)
class FeatureAttributeTranslationOptions(TranslationOptions):
    fields = ("label", "unit", "phrase", *TRACKING_FIELDS)
    required_languages = {"zh-hans": ("label",), "en": ("label",)}


@register(PlanAttribute)
class PlanAttributeTranslationOptions(TranslationOptions):
    fields = ("note", *TRACKING_FIELDS)
