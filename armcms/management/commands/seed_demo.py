"""
Load the demo content: topics, countries, news, press releases, publications,
impact figures and the homepage texts. Items that already exist (by slug, or
by label for impact figures) are left as they are, so running it again adds
nothing and never overwrites an editor's changes.
"""

import io
import random

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify
from PIL import Image, ImageDraw

from armcms import demo_content as demo
from armcms.models import Country, HomePage, Status, Topic
from impact.models import ImpactMetric
from news.models import NewsArticle, PressRelease
from publications.models import Publication, Series

PALETTES = [
    ("#f3d9a4", "#c77d2b", "#24533c", "#16382a"),
    ("#cfe3ea", "#6f9fb3", "#5b4a3a", "#3a2f25"),
    ("#f6e2c8", "#d99a5b", "#7a5230", "#4a321d"),
    ("#dfe8d2", "#9bb57d", "#3f6b45", "#24402a"),
]


def landscape(seed: str, size=(1200, 675), image_format="JPEG") -> bytes:
    """A stylised mountain landscape, the same for the same seed."""
    rng = random.Random(seed)
    sky, sun, near, far = rng.choice(PALETTES)
    width, height = size
    image = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(image)
    radius = height // 8
    cx, cy = rng.randint(radius, width - radius), rng.randint(radius, height // 3)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=sun)
    for colour, base in ((far, height * 0.55), (near, height * 0.75)):
        points = [(0, height)]
        for x in range(0, width + 100, 100):
            points.append((x, base - rng.randint(0, int(height * 0.3))))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, image_format, quality=82)
    return buffer.getvalue()


IMAGE_ALT = "Illustration: mountains under a low sun, in flat colours"


class Command(BaseCommand):
    help = "Load the demo content (safe to run again: nothing is duplicated)."

    def handle(self, *args, **options):
        self.created = 0
        with transaction.atomic():
            topics = {
                name: self.get_or_create(Topic, name=name)[0] for name in demo.TOPICS
            }
            countries = {
                code: self.get_or_create(Country, code=code, defaults={"name": name})[0]
                for name, code in demo.COUNTRIES
            }
            if not HomePage.objects.exists():
                HomePage.objects.create(**demo.HOMEPAGE)
                self.created += 1
            for item in demo.NEWS:
                self.add_content(NewsArticle, item, topics, countries)
            for item in demo.PRESS_RELEASES:
                self.add_content(PressRelease, item, topics, countries)
            series = self.get_or_create(Series, title=demo.SERIES["title"])[0]
            for item in demo.PUBLICATIONS:
                self.add_publication(item, series, topics, countries)
            for order, item in enumerate(demo.IMPACT_METRICS):
                self.get_or_create(
                    ImpactMetric,
                    label=item["label"],
                    defaults={
                        **item,
                        "measured_on": demo.IMPACT_AS_OF,
                        "display_order": order,
                    },
                )
        self.stdout.write(
            self.style.SUCCESS(f"Demo content loaded: {self.created} new records.")
            if self.created
            else "Demo content already present: nothing to add."
        )

    def get_or_create(self, model, defaults=None, **lookup):
        obj, created = model.objects.get_or_create(defaults=defaults, **lookup)
        self.created += created
        return obj, created

    def add_content(self, model, item, topics, countries, **extra):
        fields = {
            key: value
            for key, value in item.items()
            if key not in {"topics", "countries", "with_pdf"}
        }
        max_length = model._meta.get_field("slug").max_length
        slug = slugify(item["title"])[:max_length].strip("-")
        if model.objects.filter(slug=slug).exists():
            return None
        obj = model(status=Status.PUBLISHED, slug=slug, **fields, **extra)
        obj.full_clean()
        obj.lead_image.save(f"{slug}.jpg", ContentFile(landscape(slug)), save=False)
        obj.lead_image_alt = IMAGE_ALT
        obj.save()
        obj.topics.set(topics[name] for name in item["topics"])
        obj.countries.set(countries[code] for code in item["countries"])
        self.created += 1
        return obj

    def add_publication(self, item, series, topics, countries):
        extra = {"series": series} if "part_number" in item else {}
        publication = self.add_content(Publication, item, topics, countries, **extra)
        if publication and item.get("with_pdf"):
            cover = Image.open(io.BytesIO(landscape(publication.slug, (1240, 1754))))
            buffer = io.BytesIO()
            cover.save(buffer, "PDF", title=publication.title)
            publication.pdf.save(
                f"{publication.slug}.pdf", ContentFile(buffer.getvalue())
            )
