"""Forms and form fields shared by the public site and the back office."""

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils.translation import gettext_lazy as _

from . import registry
from .files import image_validators

MAX_QUERY_LENGTH = 200


class EditorImageForm(forms.Form):
    """An image pasted or uploaded into the rich-text editor."""

    upload = forms.ImageField(validators=image_validators)


class SearchForm(forms.Form):
    """
    The search box, and the kind of content to show (``type``: a content
    model's name, as ``search_types()`` lists them). NUL characters are
    dropped before anything sees them; an unknown type shows every kind.
    """

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.SearchInput(attrs={"placeholder": _("Words to find")}),
        error_messages={
            "max_length": _(
                "Please shorten your search to at most %(limit_value)d characters."
            )
        },
    )
    type = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, **kwargs):
        if data is not None and any("\x00" in data.get(name, "") for name in data):
            data = data.copy()
            for name in ("q", "type"):
                data[name] = data.get(name, "").replace("\x00", "")
        super().__init__(data, **kwargs)

    def clean_type(self):
        chosen = self.cleaned_data["type"]
        return chosen if chosen in search_types() else ""


def search_types() -> dict[str, type[models.Model]]:
    """The content models search can be narrowed to, by their URL name."""
    return {model._meta.model_name: model for model in registry.publishable_models()}


class DecimalField(forms.DecimalField):
    """
    Django's field, refusing "sNaN" as it parses: a signalling NaN gets past
    the parsing, and comparing it (to see whether the form changed) raises
    InvalidOperation, a server error instead of a form error.
    """

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None and not value.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value


def is_lookup_value(key_field: models.Field, value, using: str | None) -> bool:
    """
    Whether the database can look ``value`` up in ``key_field`` at all: not
    text that does not convert, nor NUL (PostgreSQL refuses it), nor an
    integer wider than the column (SQLite raises OverflowError on it).
    """
    if "\x00" in str(value):
        return False
    try:
        value = key_field.get_prep_value(key_field.to_python(value))
    except (ValidationError, ValueError, TypeError):
        return False
    if isinstance(key_field, models.IntegerField) and value is not None:
        ops = connections[using or DEFAULT_DB_ALIAS].ops
        low, high = ops.integer_field_range(key_field.get_internal_type())
        return (low is None or low <= value) and (high is None or value <= high)
    return True


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """
    Django's field, also refusing keys no row can have: its own check lets an
    id beyond 64 bits through to a query SQLite cannot run (a server error).
    """

    def clean(self, value):
        opts = self.queryset.model._meta
        key_field = opts.get_field(self.to_field_name or opts.pk.name)
        for key in value if isinstance(value, list | tuple) else []:
            if not is_lookup_value(key_field, key, self.queryset.db):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": key},
                )
        return super().clean(value)


class LookupValuesMixin:
    """
    For the admin's autocomplete widgets, which look every submitted value up
    to show it as chosen: a forged one ("abc", 2**64) made the form that
    reports the error crash instead. Only values that can be looked up are.
    """

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        opts = remote.model._meta
        key_field = opts.get_field(getattr(remote, "field_name", None) or opts.pk.name)
        value = [key for key in value if is_lookup_value(key_field, key, self.db)]
        return super().optgroups(name, value, attr)


class AutocompleteSelect(LookupValuesMixin, admin_widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(
    LookupValuesMixin, admin_widgets.AutocompleteSelectMultiple
):
    pass
