"""Helpers to drive the admin's change forms like a browser would."""

import re

from django.contrib.auth.models import Group
from django.forms import CheckboxInput, FileInput, MultiWidget

from armcms.content.models import Status


def fields_data(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        bound = form[name]
        widget, value, key = field.widget, bound.value(), bound.html_name
        if isinstance(widget, FileInput) or (widget.is_hidden and value is None):
            continue
        if isinstance(widget, CheckboxInput):
            if value:
                data[key] = "on"
        elif isinstance(widget, MultiWidget):
            for index, part in enumerate(widget.decompress(value)):
                data[f"{key}_{index}"] = "" if part is None else str(part)
                if field.show_hidden_initial:
                    data[f"initial-{key}_{index}"] = data[f"{key}_{index}"]
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        else:
            data[key] = "" if value is None else str(getattr(value, "pk", value))
    return data


def form_data(response, press=None, **changes) -> dict:
    """
    The POST data a browser would send for the admin form in ``response``,
    inlines included, with ``changes`` applied (split date-times take
    ``name_0``/``name_1``), when the button named ``press`` is pressed: by
    default *Publish* where the form offers it (a publisher's form of a
    published item), *Save* otherwise.
    """
    data = fields_data(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        data.update(fields_data(formset.management_form))
        for form in formset.forms:
            data.update(fields_data(form))
    # The saves the form was opened from (armcms.backoffice.drafts).
    token = re.search(rb'name="armcms_edited_from" value="([^"]*)"', response.content)
    if token:
        data["armcms_edited_from"] = token.group(1).decode()
    if press is None:
        press = "_publish" if b'name="_publish"' in response.content else "_save"
    data[press] = "1"
    data.update(changes)
    return data


def article_form(**overrides) -> dict:
    """
    The add form of a news article, filled in as an editor would: the text
    in English (the default language), the translations left empty.
    """
    data = {
        "title_en": "Miners meet in Medellín",
        "slug_en": "",
        "summary_en": "A short summary.",
        "body_en": "<p>Body</p>",
        "status": Status.DRAFT,
        "published_at_0": "2024-05-01",
        "published_at_1": "10:00:00",
        "lead_image_alt_en": "",
        "seo_description_en": "",
    }
    data.update(overrides)
    return data


def sign_in(client, django_user_model, role: str):
    """``client`` signed in as a new staff member in the group ``role``."""
    user = django_user_model.objects.create_user(
        username=role.lower(), password="x" * 16, is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    return client
