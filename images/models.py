"""The image library: uploaded once, cleaned (images/uploads.py), placed in any number of articles.

Renditions are made by django-imagekit when the image is saved (the "optimistic" strategy: a reader's request
never makes one, nor checks that one exists), at each of ``WIDTHS`` no wider than the original, in WebP and JPEG.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from imagekit.models import ImageSpecField
from modeltranslation.settings import AVAILABLE_LANGUAGES
from pilkit.processors import ResizeToFit

from editorial.conversion import text_in

WIDTHS = (480, 960, 1440)
FORMATS = ("webp", "jpeg")


def _rendition(width, kind):
    return ImageSpecField(
        source="file",
        processors=[ResizeToFit(width=width, upscale=False)],
        format=kind.upper(),
        options={"quality": 80},
        cachefile_strategy="imagekit.cachefiles.strategies.Optimistic",
    )


class Image(models.Model):
    file = models.ImageField(_("image"), upload_to="images/%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    alt = models.CharField(
        _("alt text"),
        max_length=250,
        help_text=_("What the image shows, for readers who cannot see it. Written for each language."),
    )
    credit = models.CharField(
        _("credit or source"), max_length=250, help_text=_("Who made it, or where it comes from (with its date).")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    webp_480, webp_960, webp_1440 = (_rendition(width, "webp") for width in WIDTHS)
    jpeg_480, jpeg_960, jpeg_1440 = (_rendition(width, "jpeg") for width in WIDTHS)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return f"{self.pk}: {self.alt}"

    def get_absolute_url(self):
        return reverse("admin:images_image_change", args=[self.pk])

    @property
    def tag(self):
        """What an editor types in Markdown to place this image."""
        return f"[[image {self.pk}]]"

    def renditions(self, kind):
        """(url, width) of each rendition in ``kind`` ("webp" or "jpeg"), narrowest first; widths above the
        original's are left out, as they would be the original's size again."""
        result = []
        for width in WIDTHS:
            if width > self.width and result:
                break
            shown = min(width, self.width)
            result.append((getattr(self, f"{kind}_{width}").url, shown))
        return result

    @property
    def webp_srcset(self):
        return self.renditions("webp")

    @property
    def jpeg_srcset(self):
        return self.renditions("jpeg")

    @property
    def alt_text(self):
        """The alt text in the active language; Traditional Chinese converted from Simplified when not written."""
        text, _shown = text_in(lambda column: getattr(self, column), "alt", get_language(), AVAILABLE_LANGUAGES)
        return text or ""
