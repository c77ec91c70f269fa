"""Back-office endpoints outside the admin's own views."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from armcms.content.forms import EditorImageForm

from .library import image_from_upload


@require_POST
def editor_image_upload(request):
    """Take an image from the rich-text editor (staff only) into the library
    and return its URL."""
    if not (
        request.user.is_active
        and request.user.is_staff
        and request.user.has_perm("armcms.add_image")
    ):
        return JsonResponse(
            {"error": {"message": _("You do not have permission to upload files.")}},
            status=403,
        )
    form = EditorImageForm(files=request.FILES)
    if not form.is_valid():
        message = next(iter(form.errors.values()))[0]
        return JsonResponse({"error": {"message": message}}, status=400)
    upload = form.cleaned_data["upload"]
    try:
        # A library record (the one holding the same picture, if any), with
        # its renditions made now, so pages print them as srcset.
        with transaction.atomic():
            image, _created = image_from_upload(upload, user=request.user)
    except ValidationError as error:
        return JsonResponse({"error": {"message": error.messages[0]}}, status=400)
    return JsonResponse({"url": image.file.url})
