from modeltranslation.translator import TranslationOptions, register

from .models import DeviceSetup


@register(DeviceSetup)
class DeviceSetupTranslationOptions(TranslationOptions):
    fields = ("note",)
