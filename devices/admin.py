from django.contrib import admin
from modeltranslation.admin import TranslationTabularInline

from editorial.admin import WriteScopeMixin

from .models import Device, DeviceSetup


class DeviceSetupInline(WriteScopeMixin, TranslationTabularInline):
    model = DeviceSetup
    extra = 0
    fields = ["sales_region", "sim_setup", "note", "source_url", "verified_on"]


@admin.register(Device)
class DeviceAdmin(WriteScopeMixin, admin.ModelAdmin):
    list_display = ["__str__", "model_numbers", "year"]
    list_filter = ["brand", "year", "setups__sim_setup", "setups__sales_region"]
    search_fields = ["brand", "model", "model_numbers"]
    prepopulated_fields = {"slug": ["brand", "model"]}
    inlines = [DeviceSetupInline]
