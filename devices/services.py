from django.db import transaction

from . import demo_data
from .models import Device, DeviceSetup


@transaction.atomic
def load_demo_devices():
    """Create the demo devices that do not exist yet; an existing one (perhaps edited since) is never changed."""
    for slug, brand, model, numbers, year, setups in demo_data.DEVICES:
        if Device.objects.filter(slug=slug).exists():
            continue
        device = Device.objects.create(slug=slug, brand=brand, model=model, model_numbers=numbers, year=year)
        for region, setup, source, note_zh, note_en in setups:
            DeviceSetup.objects.create(
                device=device,
                sales_region=region,
                sim_setup=setup,
                source_url=source,
                verified_on=demo_data.SEEN if source else None,
                note_zh_hans=note_zh,
                note_en=note_en,
            )
    return len(demo_data.DEVICES)
