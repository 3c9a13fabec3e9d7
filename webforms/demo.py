"""Demo forms (fixtures/demo/forms.json): enrolment pre-registration, an event sign-up, a parents' survey.

Created only where missing (by slug under the unit's home page), with a few sample
submissions, clearly marked "(ví dụ)", so the admin listing and exports show something.
"""

import datetime
import json

from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from .models import FormField, FormPage


def _html(paragraphs, unit):
    from home.demo import _fill

    return "".join(f"<p>{_fill(text, unit)}</p>" for text in paragraphs)


def ensure_forms(units, path):
    from home.demo import _publish

    with open(path, encoding="utf-8") as handle:
        items = json.load(handle)
    by_code = {unit.code: unit for unit in units}
    created = 0
    for item in items:
        unit = by_code.get(item["unit"])
        if unit is None or unit.home_page is None:
            continue
        home = unit.home_page
        if home.get_children().filter(slug=item["slug"]).exists():
            continue
        page = FormPage(
            title=item["title"],
            slug=item["slug"],
            intro=_html(item["intro"], unit),
            thank_you_text=_html(item["thank_you"], unit),
            retention_days=item.get("retention_days"),
            to_address=item.get("to_address", ""),
        )
        page.form_fields = [
            FormField(
                label=field["label"],
                field_type=field["type"],
                required=field["required"],
                choices=field.get("choices", ""),
                help_text=field.get("help", ""),
                sort_order=order,
            )
            for order, field in enumerate(item["fields"])
        ]
        home.add_child(instance=page)
        _publish(page, created=True)
        names = {field.clean_name for field in page.form_fields.all()}
        for sample in item.get("submissions", []):
            unknown = set(sample["data"]) - names
            assert not unknown, f"{item['slug']}: no field named {unknown}"
            submission = FormSubmission.objects.create(page=page, form_data=sample["data"])
            FormSubmission.objects.filter(pk=submission.pk).update(
                submit_time=timezone.now() - datetime.timedelta(days=sample["days_ago"])
            )
        created += 1
    return created
