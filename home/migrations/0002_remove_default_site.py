"""Remove Wagtail's placeholder site, page, groups and workflow; add the content locales.

Wagtail's own migrations create a "Welcome" page served as a catch-all default
site on localhost. The portal has no fallback site (an unknown hostname gets a
404), so they go. Vietnamese is the default content locale, English available.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    Locale = apps.get_model("wagtailcore", "Locale")
    ContentType = apps.get_model("contenttypes", "ContentType")

    page_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    Site.objects.filter(is_default_site=True, hostname="localhost", port=80).delete()
    if page_type:
        placeholder = Page.objects.filter(depth=2, slug="home", content_type=page_type).first()
        if placeholder and not Page.objects.filter(path__startswith=placeholder.path, depth__gt=2).exists():
            placeholder.delete()
            root = Page.objects.get(depth=1)
            root.numchild = Page.objects.filter(depth=2).count()
            root.save(update_fields=["numchild"])
    # Wagtail's sample groups and workflow grant rights over every page of every
    # unit; the portal's roles are per unit, created by provisioning.
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=["Editors", "Moderators"], user__isnull=True).delete()
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Workflow.objects.filter(name="Moderators approval").delete()
    Task = apps.get_model("wagtailcore", "Task")
    Task.objects.filter(name="Moderators approval").delete()

    for code in ("vi", "en"):
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
