"""Back-office endpoints outside the admin's own views."""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from armcms.content.files import UploadTo, strip_image_metadata
from armcms.content.forms import EditorImageForm
from armcms.content.images import make_body_image_renditions

upload_path = UploadTo("editor")


@require_POST
def editor_image_upload(request):
    """Take an image from the rich-text editor (staff only) and return its URL."""
    if not (request.user.is_active and request.user.is_staff):
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
        # The form's check has already removed the metadata; this makes sure.
        strip_image_metadata(upload)
    except ValidationError as error:
        return JsonResponse({"error": {"message": error.messages[0]}}, status=400)
    name = default_storage.save(upload_path(None, upload.name), upload)
    # Made now, so pages print them as srcset without any work.
    make_body_image_renditions(name)
    return JsonResponse({"url": default_storage.url(name)})
