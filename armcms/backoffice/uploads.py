"""
Files chosen in a back-office form are kept when the form fails validation
for another reason (a missing alt text, a bad ISBN), so nobody has to choose
them again, and nothing is saved without them by surprise.

A browser sends a file once, with the submission; when the form comes back
with errors, the file input is empty. So a valid upload in a form that
failed is stored in ``tmp/uploads/<random folder>/`` of the media storage,
and the form shows it as "Chosen: name, size" with a hidden token naming it
and a box to remove it. The next save takes the file from there as a new
upload: it is checked again by the field's validators and saved to its
``upload_to`` by the model, like any upload, and the temporary copy is then
deleted.

The token is signed (``django.core.signing``) with the path, the file's name
and the id of the user who chose it, and lasts a day: nobody can attach a
file another person chose, or any other stored file. Kept files left over
(the person went away) are deleted after a day, the next time a file is
kept or by ``manage.py clear_upload_drafts``.

``KeepWorkAdminMixin`` puts this in every file field of an admin's forms,
and adds static/admin/keep-work.js, which keeps what is typed in the form
in the browser until it is saved (for a session that expired meanwhile) and
asks before leaving a form with unsaved changes.
"""

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import PurePath

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import CheckboxInput
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

KEPT_FOLDER = "tmp/uploads"
KEEP_FOR = timedelta(days=1)
SALT = "armcms.uploads.kept"
MAX_NAME_LENGTH = 100
PROJECT_TEMPLATES = TemplatesSetting()


@dataclass(frozen=True)
class Kept:
    """What a form sent back about a kept file: its token, and whether the
    person ticked the box to remove it."""

    token: str
    removed: bool = False


@dataclass(frozen=True)
class Chosen:
    """A kept file as the widget shows it, beside the saved one it replaces."""

    name: str
    size: int | None
    token: str
    current: object = None


class KeptFile(File):
    """A kept file, handed to the model as a new upload under its own name."""

    def __init__(self, file, name: str, path: str):
        super().__init__(file, name)
        self.path = path

    def discard(self) -> None:
        self.close()
        delete_kept(self.path)


def keep(upload: UploadedFile, owner: int) -> str:
    """Store ``upload`` until the next save; the token that names it."""
    clear_expired()
    name = PurePath(upload.name or "file").name[-MAX_NAME_LENGTH:]
    try:
        stored_name = default_storage.get_valid_name(name)
    except SuspiciousFileOperation:
        stored_name = "file"
    folder = f"{KEPT_FOLDER}/{secrets.token_urlsafe(24)}"
    path = default_storage.save(f"{folder}/{stored_name}", upload)
    return signing.dumps({"path": path, "name": name, "user": owner}, salt=SALT)


def read_token(token: str, owner: int | None) -> dict | None:
    """The path and name ``token`` gives ``owner``, or None if it gives none."""
    try:
        data = signing.loads(token, salt=SALT, max_age=KEEP_FOR)
    except signing.BadSignature:
        return None
    if (
        owner is None
        or not isinstance(data, dict)
        or data.get("user") != owner
        or not str(data.get("path", "")).startswith(f"{KEPT_FOLDER}/")
        or not data.get("name")
    ):
        return None
    return data


def delete_kept(path: str) -> None:
    """Delete a kept file and, on local storage, its folder."""
    try:
        default_storage.delete(path)
        # Object storage has no folders: deleting one is a no-op there.
        default_storage.delete(str(PurePath(path).parent))
    except OSError:
        logger.warning("Could not delete the kept file %s", path, exc_info=True)


def clear_expired(now=None) -> int:
    """Delete the kept files older than ``KEEP_FOR``; how many there were."""
    limit = (now or timezone.now()) - KEEP_FOR
    try:
        folders, _files = default_storage.listdir(KEPT_FOLDER)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    deleted = 0
    for folder in folders:
        try:
            _subfolders, names = default_storage.listdir(f"{KEPT_FOLDER}/{folder}")
            for name in names:
                path = f"{KEPT_FOLDER}/{folder}/{name}"
                if default_storage.get_modified_time(path) < limit:
                    delete_kept(path)
                    deleted += 1
        except FileNotFoundError:
            continue  # deleted meanwhile by the save that used it
    return deleted


class KeptUploadInput(AdminFileWidget):
    """
    The admin's file input, plus the file kept from the last submission:
    its name and size, a hidden token, and a box to remove it.
    """

    template_name = "admin/widgets/kept_upload.html"

    def render(self, name, value, attrs=None, renderer=None):
        # The template lives in the project's templates/, which the default
        # form renderer (Django's and the apps' templates only) does not read.
        return super().render(name, value, attrs, renderer=PROJECT_TEMPLATES)

    def kept_name(self, name: str) -> str:
        return f"{name}-kept"

    def remove_name(self, name: str) -> str:
        return f"{name}-kept-remove"

    def get_context(self, name, value, attrs):
        chosen = value if isinstance(value, Chosen) else None
        if chosen is not None:
            value = chosen.current
        context = super().get_context(name, value, attrs)
        remove_name = self.remove_name(name)
        saved_image = isinstance(getattr(value, "field", None), models.ImageField)
        context["widget"].update(
            {
                # The image saved now, shown small beside its name.
                "thumbnail": value.url if saved_image and value else "",
                "chosen": chosen,
                "kept_name": self.kept_name(name),
                "remove_name": remove_name,
                "remove_id": f"{remove_name}_id",
            }
        )
        return context

    def value_from_datadict(self, data, files, name):
        token = data.get(self.kept_name(name))
        if token and not files.get(name):
            removed = CheckboxInput().value_from_datadict(
                data, files, self.remove_name(name)
            )
            return Kept(token, removed)
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return (
            super().value_omitted_from_data(data, files, name)
            and self.kept_name(name) not in data
        )


class KeptUploadBoundField(BoundField):
    """Shows the file kept for the field, storing a new upload first when
    the form failed for other reasons."""

    @cached_property
    def chosen(self) -> Chosen | None:
        form, data = self.form, self.data
        if not form.is_bound or self.errors:
            return None
        if isinstance(data, UploadedFile) and form.errors:
            try:
                token = self.field.keep(data)
            except OSError:
                # The storage failed: the form shows an empty input, as
                # Django's own would.
                logger.exception("Could not keep the upload %s", data.name)
                return None
            if token is None:
                return None
            return Chosen(data.name, data.size, token, self.initial)
        if isinstance(data, Kept) and not data.removed:
            kept = read_token(data.token, self.field.owner)
            if kept is None:
                return None
            try:
                size = default_storage.size(kept["path"])
            except OSError:
                size = None
            return Chosen(kept["name"], size, data.token, self.initial)
        return None

    def value(self):
        return self.chosen or super().value()


class KeptUploadMixin:
    """
    For a form field of a file: keeps the upload when the form fails (see
    the module's docstring). ``owner`` is the id of the user filling in the
    form; without one nothing is kept.
    """

    widget = KeptUploadInput
    default_error_messages = {
        "kept": _(
            "The file chosen before could not be kept (it may have expired). "
            "Please choose it again."
        ),
    }

    def __init__(self, *, owner: int | None = None, **kwargs):
        self.owner = owner
        super().__init__(**kwargs)

    def keep(self, upload: UploadedFile) -> str | None:
        if self.owner is None:
            return None
        return keep(upload, self.owner)

    def kept_file(self, token: str) -> KeptFile:
        kept = read_token(token, self.owner)
        if kept is None:
            raise ValidationError(self.error_messages["kept"], code="kept")
        try:
            handle = default_storage.open(kept["path"], "rb")
        except OSError as error:
            raise ValidationError(self.error_messages["kept"], code="kept") from error
        return KeptFile(handle, kept["name"], kept["path"])

    def clean(self, data, initial=None):
        if isinstance(data, Kept):
            if data.removed:
                kept = read_token(data.token, self.owner)
                if kept is not None:
                    delete_kept(kept["path"])
                data = None
            else:
                data = self.kept_file(data.token)
        return super().clean(data, initial)

    def has_changed(self, initial, data):
        if isinstance(data, Kept):
            return not self.disabled and not data.removed
        return super().has_changed(initial, data)

    def get_bound_field(self, form, field_name):
        return KeptUploadBoundField(form, self, field_name)


class KeptFileField(KeptUploadMixin, forms.FileField):
    pass


class KeptImageField(KeptUploadMixin, forms.ImageField):
    pass


class KeepUploadsMixin:
    """For a ModelAdmin or an inline: every file and image field of its forms
    keeps its upload when the form fails."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.FileField) and request is not None:
            form_class = (
                KeptImageField
                if isinstance(db_field, models.ImageField)
                else KeptFileField
            )
            kwargs = {
                "form_class": form_class,
                "widget": KeptUploadInput,
                "owner": request.user.pk,
                **kwargs,
            }
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def discard_kept(form) -> None:
    """Once saved, delete the kept copies of the files ``form`` took."""
    for value in form.cleaned_data.values():
        if isinstance(value, KeptFile):
            transaction.on_commit(value.discard)


class KeepWorkAdminMixin(KeepUploadsMixin):
    """
    For a ModelAdmin: nothing a person chose or typed in its forms is lost.
    Every file and image field keeps its upload when the form fails (the
    kept copy is deleted once saved), its inlines' included, and
    static/admin/keep-work.js keeps the text typed in the browser until it
    is saved, and asks before leaving a form with changes.
    """

    @property
    def media(self):
        return super().media + forms.Media(
            css={"all": ["admin/keep-work.css"]}, js=["admin/keep-work.js"]
        )

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        # The banner that offers unsaved text back (templates/admin/change_form.html).
        context["keep_work"] = True
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        discard_kept(form)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for inline_form in formset.forms:
            if hasattr(inline_form, "cleaned_data"):
                discard_kept(inline_form)
