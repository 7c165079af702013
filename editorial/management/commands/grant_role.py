"""Give a user an editorial role: ``manage.py grant_role alice Editor`` (or "Data maintainer").

The user becomes staff (so they can sign in to the admin) and joins the role's group; ``--remove`` takes it away.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from editorial.roles import ROLE_PERMISSIONS


class Command(BaseCommand):
    help = "Give a user the Editor or Data maintainer role (and admin access)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=list(ROLE_PERMISSIONS))
        parser.add_argument("--remove", action="store_true", help="Take the role away instead.")

    def handle(self, *args, username, role, remove, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named “{username}”. Create one with: manage.py createsuperuser or the admin.")
        group = Group.objects.get(name=role)
        if remove:
            user.groups.remove(group)
            self.stdout.write(self.style.SUCCESS(f"{username} no longer has the role {role}."))
            return
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(group)
        self.stdout.write(self.style.SUCCESS(f"{username} now has the role {role} and can sign in to the admin."))
