import io

import pytest
from django.apps import apps
from django.core.management import call_command

from armcms import demo_content as demo
from impact.models import ImpactMetric, ImpactValue
from news.models import NewsArticle, PressRelease
from publications.models import Publication

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"armcms", "news", "impact", "publications"}
    }


def media_files(media_root):
    return sorted(p for p in media_root.rglob("*") if p.is_file())


def test_seed_loads_the_seed_page_content(media_root):
    seed()
    assert NewsArticle.objects.published().count() == len(demo.NEWS)
    assert PressRelease.objects.published().count() == len(demo.PRESS_RELEASES)
    assert Publication.objects.published().count() == len(demo.PUBLICATIONS)
    monnaie = PressRelease.objects.get(title__startswith="Monnaie de Paris")
    assert monnaie.dateline == "Medellín / París"
    assert monnaie.published_at.date().isoformat() == "2018-05-14"
    parts = Publication.objects.filter(series__isnull=False).order_by("part_number")
    assert [p.title for p in parts] == [
        "A world without financial services (1)",
        "A world without financial services (2)",
    ]
    assert [m.display_value() for m in ImpactMetric.objects.active()] == [
        "15",
        "150+",
        "8",
        "1,530,000 USD",
    ]
    assert ImpactValue.objects.count() == 4
    for article in NewsArticle.objects.all():
        assert article.lead_image_alt
        assert (media_root / article.lead_image.name).is_file()
    paper = Publication.objects.get(kind="paper")
    assert (media_root / paper.pdf.name).read_bytes().startswith(b"%PDF-")


def test_seed_twice_duplicates_nothing(media_root):
    assert "new records" in seed()
    counts, files = row_counts(), media_files(media_root)
    assert "nothing to add" in seed()
    assert row_counts() == counts
    assert media_files(media_root) == files


def test_seed_keeps_editors_changes():
    seed()
    article = NewsArticle.objects.get(title__startswith="Pallaqueras")
    article.summary = "Edited by the communications team."
    article.save()
    seed()
    article.refresh_from_db()
    assert article.summary == "Edited by the communications team."
