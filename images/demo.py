"""A demo illustration for the demo articles, drawn here (no copied pictures): a phone sharing its hotspot with a
laptop. Stored through the same cleaning as any upload."""

import io

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageDraw

from .models import Image
from .uploads import clean_upload

CREDIT = "Illustration: esimguide demo content, 2026-12"


def _hotspot_illustration():
    width, height = 1440, 810
    picture = PILImage.new("RGB", (width, height), (232, 241, 250))
    draw = ImageDraw.Draw(picture)
    draw.rounded_rectangle((260, 220, 460, 620), radius=36, fill=(33, 52, 84))  # phone
    draw.rounded_rectangle((276, 260, 444, 570), radius=12, fill=(120, 180, 235))
    for step, radius in enumerate((90, 150, 210)):  # the hotspot's signal
        box = (560 - radius, 420 - radius, 560 + radius, 420 + radius)
        draw.arc(box, start=-40, end=40, fill=(30, 110, 200), width=18 - step * 3)
    draw.rounded_rectangle((860, 300, 1200, 520), radius=14, fill=(33, 52, 84))  # laptop
    draw.rectangle((880, 318, 1180, 502), fill=(180, 215, 245))
    draw.polygon([(820, 530), (1240, 530), (1280, 575), (780, 575)], fill=(70, 90, 120))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def load_demo_images():
    """The demo illustration, created once (an existing one, perhaps edited since, is kept as it is)."""
    existing = Image.objects.filter(credit=CREDIT).first()
    if existing is not None:
        return existing
    cleaned, _width, _height = clean_upload(ContentFile(_hotspot_illustration(), name="hotspot-illustration.png"))
    return Image.objects.create(
        file=cleaned,
        alt_zh_hans="示意图：手机开热点，笔记本电脑连上它的网络",
        alt_en="Illustration: a phone shares its hotspot and a laptop joins it",
        credit=CREDIT,
    )
