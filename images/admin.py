from django.conf import settings
from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from editorial.admin import WriteScopeMixin, change_link

from .forms import ImageForm
from .models import Image


@admin.register(Image)
class ImageAdmin(WriteScopeMixin, TabbedTranslationAdmin):
    form = ImageForm
    list_display = ["thumbnail", "alt", "credit", "tag_code", "size", "created_at"]
    list_display_links = ["thumbnail", "alt"]
    search_fields = ["alt_zh_hans", "alt_zh_hant", "alt_en", "credit"]
    date_hierarchy = "created_at"
    fields = ["file", "alt", "credit", "preview", "markdown_tag", "used_in"]
    readonly_fields = ["preview", "markdown_tag", "used_in"]

    class Media:
        js = ["js/open-tab-with-text.js"]

    @admin.display(description=_("image"))
    def thumbnail(self, image):
        return render_to_string("admin/images/thumbnail.html", {"image": image, "width": 96})

    @admin.display(description=_("preview"))
    def preview(self, image):
        return render_to_string("admin/images/thumbnail.html", {"image": image, "width": 320}) if image.pk else "—"

    @admin.display(description=_("place it in Markdown with"))
    def markdown_tag(self, image):
        return render_to_string("admin/images/tag.html", {"tag": image.tag}) if image.pk else "—"

    @admin.display(description=_("place it in Markdown with"))
    def tag_code(self, image):
        return render_to_string("admin/images/tag.html", {"tag": image.tag, "short": True})

    @admin.display(description=_("size"))
    def size(self, image):
        return f"{image.width} × {image.height}"

    @admin.display(description=_("used in"))
    def used_in(self, image):
        if not image.pk:
            return "—"
        links = [change_link(article) for article in image.articles.order_by("pk")]
        return render_to_string("admin/images/used_in.html", {"links": links})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        refused = getattr(request, "refused_uploads", [])
        if refused:  # over UPLOAD_MAX_FILE_BYTES: the upload handler kept none of it
            limit = settings.IMAGE_MAX_BYTES // 2**20
            message = gettext("Too large to upload: %(names)s (images may be at most %(limit)s MB).")
            self.message_user(request, message % {"names": ", ".join(refused), "limit": limit}, messages.ERROR)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if obj.uploaded_by_id is None:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
