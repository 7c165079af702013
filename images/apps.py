from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    name = "images"
    verbose_name = _("Image library")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.conf import settings
        from PIL import Image

        # Pillow's own decompression-bomb guard, at our limit (images/uploads.py checks first, from the header).
        Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
