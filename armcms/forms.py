from django import forms
from django.utils.translation import gettext_lazy as _

from .files import image_validators

MAX_QUERY_LENGTH = 200


class EditorImageForm(forms.Form):
    """An image pasted or uploaded into the rich-text editor."""

    upload = forms.ImageField(validators=image_validators)


class SearchForm(forms.Form):
    """The search box. NUL characters are dropped before anything sees them."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.SearchInput,
        error_messages={
            "max_length": _(
                "Please shorten your search to at most %(limit_value)d characters."
            )
        },
    )

    def __init__(self, data=None, **kwargs):
        if data is not None and "\x00" in data.get("q", ""):
            data = data.copy()
            data["q"] = data["q"].replace("\x00", "")
        super().__init__(data, **kwargs)
