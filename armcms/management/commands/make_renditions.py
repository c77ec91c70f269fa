"""Make the library images' renditions that are missing (or all of them)."""

from django.core.management.base import BaseCommand

from armcms.content.library import Image


class Command(BaseCommand):
    help = (
        "Make the renditions the library's images lack: the crops for cards "
        "and shared links of images that came in before the library had them "
        "(after an upgrade, or a restore of an older backup). --all makes "
        "every image's again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Make every image's renditions again."
        )

    def handle(self, *args, **options):
        made = failed = 0
        for image in Image.objects.order_by("pk").iterator(chunk_size=100):
            renditions = image.renditions or {}
            if not options["all"] and "card" in renditions and "share" in renditions:
                continue
            image.refresh_renditions(force=True)
            if "card" in image.renditions:
                made += 1
            else:
                failed += 1
                self.stderr.write(f"Could not read {image.file.name}.")
        self.stdout.write(
            f"Made the renditions of {made} image(s); {failed} unreadable."
        )
