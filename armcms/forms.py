from django import forms

from .files import image_validators


class EditorImageForm(forms.Form):
    """An image pasted or uploaded into the rich-text editor."""

    upload = forms.ImageField(validators=image_validators)
