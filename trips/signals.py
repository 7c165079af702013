"""Cached trip-checker pages list the devices and warn about them, so a device edit must reach the page cache.

The page cache keys pages by the revision tokens (carriers/revision.py), which database triggers change for the
catalogue and articles. The devices app sits beside the catalogue and may not import it (.importlinter), so this
app, above both, gives the content token a new value when a device or its SIM setup is saved or deleted through
the ORM (the admin, ``load_demo``). A bulk ``.update()`` on devices is not seen; nothing in the site does one.
"""

import random

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from carriers.models import CatalogueRevision
from devices.models import Device, DeviceSetup


def new_content_token(**kwargs):
    def bump():
        CatalogueRevision.objects.filter(pk=CatalogueRevision.CONTENT).update(token=random.getrandbits(52))  # noqa: S311

    transaction.on_commit(bump)


def connect():
    for model in (Device, DeviceSetup):
        for signal in (post_save, post_delete):
            signal.connect(new_content_token, sender=model, dispatch_uid=f"trips-{model.__name__}-{signal}")
