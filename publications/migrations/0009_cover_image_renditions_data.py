import logging

from django.db import migrations

from armcms.content.images import make_renditions

logger = logging.getLogger(__name__)


def make_cover_renditions(apps, schema_editor):
    """
    The size and renditions of the covers uploaded before they were made on
    save. A cover that cannot be read keeps only its name: its page shows the
    original, as for any image without renditions.
    """
    Publication = apps.get_model("publications", "Publication")
    covers = (
        Publication.objects.exclude(cover_image="")
        .only("pk", "cover_image")
        .order_by("pk")
    )
    for publication in covers.iterator():
        cover = publication.cover_image
        try:
            changes = {
                "cover_image_width": cover.width,
                "cover_image_height": cover.height,
                "cover_image_renditions": make_renditions(cover),
            }
        except (OSError, ValueError):
            logger.warning("No renditions for %s", cover.name, exc_info=True)
            changes = {"cover_image_renditions": {"source": cover.name}}
        Publication.objects.filter(pk=publication.pk).update(**changes)


class Migration(migrations.Migration):
    dependencies = [("publications", "0008_cover_image_renditions")]

    operations = [
        migrations.RunPython(make_cover_renditions, migrations.RunPython.noop),
    ]
