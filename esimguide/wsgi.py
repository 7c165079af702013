import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "esimguide.settings.production")
application = get_wsgi_application()

from esimguide import db_deadline  # noqa: E402 - needs the settings that get_wsgi_application() loaded

db_deadline.install()
