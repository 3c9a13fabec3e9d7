"""Make the test provider's users and the portal's application match a JSON file.

    {"application": {"client_id": "…", "client_secret": "…", "name": "…", "redirect_uris": ["…"]},
     "users": [{"username": "…", "password": "…", "name": "…", "email": "…", "roles": ["unit:role"]}]}

Users missing from the file are deleted (their directory entry is gone); the others are
created or updated in place. Roles are stored as groups named after them.
"""

import json

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction
from oauth2_provider.models import Application


class Command(BaseCommand):
    help = "Load the test provider's users and application from a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("path")

    @transaction.atomic
    def handle(self, path, **options):
        with open(path, encoding="utf-8") as file:
            data = json.load(file)
        app = data["application"]
        Application.objects.update_or_create(
            client_id=app["client_id"],
            defaults={
                "name": app.get("name", app["client_id"]),
                "client_secret": app["client_secret"],
                "client_type": Application.CLIENT_CONFIDENTIAL,
                "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
                "redirect_uris": " ".join(app["redirect_uris"]),
                "skip_authorization": True,
                "algorithm": Application.RS256_ALGORITHM,
            },
        )
        names = [person["username"] for person in data["users"]]
        User.objects.exclude(username__in=names).delete()
        for person in data["users"]:
            user, _created = User.objects.get_or_create(username=person["username"])
            user.first_name = person.get("name", "")[:150]
            user.email = person.get("email", "")
            user.is_active = person.get("active", True)
            user.set_password(person["password"])
            user.save()
            user.groups.set(Group.objects.get_or_create(name=role)[0] for role in person.get("roles", []))
        self.stdout.write(f"{len(names)} users, application {app['client_id']}")
