from django import forms
from django.utils.translation import gettext_lazy as _

from .files import image_validators

MAX_QUERY_LENGTH = 200


class EditorImageForm(forms.Form):
    """An image pasted or uploaded into the rich-text editor."""

    upload = forms.ImageField(validators=image_validators)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _(
                "Please shorten your search to at most %(limit_value)d characters."
            )
        },
    )
