import io
import itertools

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import translation
from django.utils.text import slugify
from PIL import Image, ImageChops, ImageStat

from armcms.content.models import Country, HomePage, Topic, translated_field_names
from armcms.management.commands.seed_demo import IMAGE_ALT
from armcms.operations import demo_content as demo
from armcms.operations.demo_images import landscape
from impact.models import ImpactMetric, ImpactValue
from news.models import NewsArticle, PressRelease
from pages.models import MenuItem, Page, Section
from publications.models import Publication, Series

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


def column_values():
    """Every row of the content apps, all columns, keyed by model and pk."""
    return {
        (model._meta.label, row["pk"]): row
        for model in apps.get_models()
        if model._meta.app_label in {"armcms", "news", "impact", "publications"}
        for row in model.objects.values(
            "pk", *(field.attname for field in model._meta.concrete_fields)
        )
    }


def untouched_columns():
    """The columns that filling in Spanish texts must leave as they are."""
    return {
        key: {
            column: value
            for column, value in row.items()
            if not column.endswith("_es") and column != "updated_at"
        }
        for key, row in column_values().items()
    }


def demo_items():
    """Each demo item with the model it is loaded into."""
    yield HomePage, demo.HOMEPAGE
    yield Series, demo.SERIES
    for model, items in [
        (NewsArticle, demo.NEWS),
        (PressRelease, demo.PRESS_RELEASES),
        (Publication, demo.PUBLICATIONS),
        (ImpactMetric, demo.IMPACT_METRICS),
    ]:
        for item in items:
            yield model, item


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
    assert ImpactValue.objects.filter(is_illustrative=False).count() == 4
    for article in NewsArticle.objects.all():
        assert article.lead_image_alt
        assert (media_root / article.lead_image.file.name).is_file()
    paper = Publication.objects.get(kind="paper")
    assert (media_root / paper.pdf.file.name).read_bytes().startswith(b"%PDF-")


def test_seed_twice_changes_nothing(media_root):
    assert "new records" in seed()
    values, files = column_values(), media_files(media_root)
    assert "nothing to add" in seed()
    assert column_values() == values
    assert media_files(media_root) == files


def test_seed_keeps_editors_changes():
    seed()
    article = NewsArticle.objects.get(title__startswith="Pallaqueras")
    article.summary = "Edited by the communications team."
    article.save()
    seed()
    article.refresh_from_db()
    assert article.summary == "Edited by the communications team."


def every_demo_dict(value):
    """Every dict in the demo content, nested ones (pages' sections...) too."""
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from every_demo_dict(child)
    elif isinstance(value, list):
        for child in value:
            yield from every_demo_dict(child)


@pytest.mark.parametrize("language", ["es", "fr"])
def test_demo_content_has_every_text_in_every_language(language):
    for model, item in demo_items():
        english_texts = translated_field_names(model) & item.keys()
        assert set(item[language]) == english_texts, item
    everything = [
        demo.IDENTITY,
        demo.HOMEPAGE,
        demo.NEWS,
        demo.PRESS_RELEASES,
        demo.SERIES,
        demo.PUBLICATIONS,
        demo.IMPACT_METRICS,
        demo.PAGES,
        demo.PEOPLE,
        demo.DOCUMENTS,
        demo.FOOTER,
    ]
    translated = [item for item in every_demo_dict(everything) if "es" in item]
    assert len(translated) > 40
    for item in translated:
        assert set(item[language]) == set(item["es"]), item
        assert all(item[language].values()), item
    assert all(names[language] for names in demo.TOPICS.values())
    assert all(names[language] for names in demo.COUNTRIES.values())


def test_french_texts_keep_the_figures_and_names():
    for _model, item in demo_items():
        for key, english in item.items():
            if not isinstance(english, str) or key not in item["fr"]:
                continue
            for fact in ("2020", "2019", "2017", "MACDESA", "Yani", "Metalor"):
                if fact in english:
                    assert fact in item["fr"][key], (fact, item["fr"][key])


def test_seed_writes_english_and_spanish():
    seed()
    item = demo.NEWS[3]
    article = NewsArticle.objects.get(
        slug_en="pallaqueras-in-peru-receive-support-with-food-baskets"
    )
    assert article.title_en == item["title"]
    assert (
        article.title_es == "Pallaqueras en Perú reciben apoyo con canastas de víveres"
    )
    assert article.summary_es == item["es"]["summary"]
    assert article.body_es.startswith("<p>Las pallaqueras son mujeres")
    assert (
        article.slug_es == "pallaqueras-en-peru-reciben-apoyo-con-canastas-de-viveres"
    )
    assert article.lead_image_alt_en == IMAGE_ALT["en"]
    assert article.lead_image_alt_es == IMAGE_ALT["es"]
    assert article.title_fr == item["fr"]["title"]
    assert (
        article.slug_fr == "au-perou-les-pallaqueras-recoivent-des-paniers-alimentaires"
    )
    assert article.lead_image_alt_fr == IMAGE_ALT["fr"]
    monnaie = PressRelease.objects.get(slug_en__startswith="monnaie-de-paris")
    assert monnaie.dateline_es == "Medellín / París"
    paper = Publication.objects.get(kind="paper")
    assert paper.abstract_es.startswith("Este documento describe")
    assert Series.objects.get().title_es == "Un mundo sin servicios financieros"
    home = HomePage.objects.get()
    assert home.intro_es == demo.HOMEPAGE["es"]["intro"]
    assert "<strong>Certificación Fairmined:</strong>" in home.our_work_es
    labels = ImpactMetric.objects.values_list("label_en", "label_es")
    assert list(labels) == [
        ("countries", "países"),
        ("mining organisations supported", "organizaciones mineras apoyadas"),
        ("certified organisations", "organizaciones certificadas"),
        ("of Fairmined Premium paid", "de Prima Fairmined pagados"),
    ]
    finance = Topic.objects.get(name_en="Finance")
    assert finance.name_es == "Finanzas"
    assert Topic.objects.get(name_en="Gender").name_fr == "Genre"
    assert Country.objects.get(code="PE").name_es == "Perú"
    assert Country.objects.get(code="PE").name_fr == "Pérou"
    assert home.intro_fr == demo.HOMEPAGE["fr"]["intro"]
    assert ImpactMetric.objects.get(label_en="countries").label_fr == "pays"
    with translation.override("es"):
        article.refresh_from_db()
        assert article.title == item["es"]["title"]


def test_seed_writes_english_columns_whatever_the_active_language():
    with translation.override("es"):
        seed()
    article = NewsArticle.objects.get(title_en=demo.NEWS[0]["title"])
    assert NewsArticle.objects.filter(
        pk=article.pk, title=demo.NEWS[0]["title"]
    ).exists()
    assert ImpactMetric.objects.filter(label="countries", label_es="países").exists()
    assert Topic.objects.filter(name="Gender", name_es="Género").exists()


def test_seed_fills_in_missing_spanish_and_keeps_the_rest():
    seed()
    article = NewsArticle.objects.get(title_en=demo.NEWS[3]["title"])
    article.title_es = "Pallaqueras de Arequipa reciben víveres"
    article.summary_es = ""
    article.save()
    # As on a site seeded before it had Spanish: no Spanish text at all.
    NewsArticle.objects.exclude(pk=article.pk).update(
        title_es=None, slug_es=None, summary_es=None, body_es=None
    )
    NewsArticle.objects.update(lead_image_alt_es=None)
    HomePage.objects.update(intro_es=None, our_work_es="")
    ImpactMetric.objects.update(label_es=None, context_es=None)
    Topic.objects.update(name_es=None)
    before = untouched_columns()

    assert "Spanish texts added to" in seed()

    assert untouched_columns() == before
    article.refresh_from_db()
    assert article.title_es == "Pallaqueras de Arequipa reciben víveres"
    assert article.summary_es == demo.NEWS[3]["es"]["summary"]
    assert article.lead_image_alt_es == IMAGE_ALT["es"]
    first = NewsArticle.objects.get(title_en=demo.NEWS[0]["title"])
    assert first.title_es == demo.NEWS[0]["es"]["title"]
    assert first.slug_es.startswith("estudio-de-impactos-del-covid-19-en")
    home = HomePage.objects.get()
    assert (home.intro_es, home.our_work_es) == (
        demo.HOMEPAGE["es"]["intro"],
        demo.HOMEPAGE["es"]["our_work"],
    )
    assert ImpactMetric.objects.get(label_en="countries").label_es == "países"
    mercury = Topic.objects.get(name_en="Mercury")
    assert mercury.name_es == "Mercurio"
    assert "nothing to add" in seed()


def test_seed_leaves_spanish_alt_text_of_a_replaced_image_empty():
    seed()
    article = NewsArticle.objects.get(title_en=demo.NEWS[0]["title"])
    article.lead_image_alt_en = "Miners at the entrance of a tunnel"
    article.lead_image_alt_es = None
    article.save()
    seed()
    article.refresh_from_db()
    assert article.lead_image_alt_es is None


def test_seed_fills_in_missing_french_and_keeps_the_rest():
    seed()
    article = NewsArticle.objects.get(title_en=demo.NEWS[3]["title"])
    article.title_fr = "Les pallaqueras d'Arequipa reçoivent des vivres"
    article.save()
    # As on a site seeded before it had French: no French text at all.
    NewsArticle.objects.exclude(pk=article.pk).update(
        title_fr=None, slug_fr=None, summary_fr=None, body_fr=None
    )
    Page.objects.update(title_fr=None, summary_fr=None, body_fr=None)
    Section.objects.update(heading_fr=None)
    MenuItem.objects.update(label_fr="")
    HomePage.objects.update(intro_fr=None)
    Topic.objects.update(name_fr=None)
    before = {
        key: {column: value for column, value in row.items() if column.endswith("_es")}
        for key, row in column_values().items()
    }

    output = seed()

    assert "French texts added to" in output
    assert "Spanish texts added to" not in output
    after = {
        key: {column: value for column, value in row.items() if column.endswith("_es")}
        for key, row in column_values().items()
    }
    assert after == before
    article.refresh_from_db()
    assert article.title_fr == "Les pallaqueras d'Arequipa reçoivent des vivres"
    first = NewsArticle.objects.get(title_en=demo.NEWS[0]["title"])
    assert first.title_fr == demo.NEWS[0]["fr"]["title"]
    assert first.slug_fr.startswith("etude-des-impacts-de-la-covid-19")
    about = Page.objects.get(title_en="About us")
    assert about.title_fr == "Qui sommes-nous"
    assert about.slug_fr == "qui-sommes-nous"
    assert Topic.objects.get(name_en="Mercury").name_fr == "Mercure"
    assert HomePage.objects.get().intro_fr == demo.HOMEPAGE["fr"]["intro"]
    assert "nothing to add" in seed()


def test_seed_records_an_illustrative_history_for_each_figure():
    seed()
    for metric in ImpactMetric.objects.prefetch_related("history"):
        history = metric.yearly_history()
        values = [point.value for point in history]
        assert len(values) == 7
        assert [point.measured_on.year for point in history] == list(range(2014, 2021))
        assert values == sorted(values)
        assert len(set(values)) == len(values)  # rising every year
        assert values[-1] == metric.value
        assert history[-1].measured_on == demo.IMPACT_AS_OF
        assert not history[-1].is_illustrative
        assert all(point.is_illustrative for point in history[:-1])


def test_seed_leaves_an_edited_figure_history_alone():
    seed()
    metric = ImpactMetric.objects.get(label_en="countries")
    metric.history.exclude(measured_on=metric.measured_on).delete()
    metric.value = 16
    metric.save()
    seed()
    assert metric.history.count() == 1
    other = ImpactMetric.objects.get(label_en="certified organisations")
    other.history.filter(is_illustrative=True).delete()
    seed()  # a site seeded before figures had a history gets one
    assert other.history.filter(is_illustrative=True).count() == 6


def mean_colour(data: bytes) -> tuple[float, ...]:
    return tuple(ImageStat.Stat(Image.open(io.BytesIO(data)).convert("RGB")).mean)


def test_demo_images_are_the_same_for_the_same_seed_and_differ_between_items():
    first = landscape("pallaqueras-in-peru-receive-support-with-food-baskets")
    assert first == landscape("pallaqueras-in-peru-receive-support-with-food-baskets")
    image = Image.open(io.BytesIO(first))
    assert (image.format, image.size) == ("JPEG", (1200, 675))
    assert len(first) < 120_000
    items = demo.NEWS + demo.PRESS_RELEASES + demo.PUBLICATIONS
    slugs = [slugify(item["title"]) for item in items]
    pictures = [
        Image.open(io.BytesIO(landscape(slug))).convert("RGB") for slug in slugs
    ]
    for one, other in itertools.combinations(pictures, 2):
        difference = ImageStat.Stat(ImageChops.difference(one, other)).mean
        assert sum(difference) / 3 > 6  # of 255, on average per pixel
    assert len({mean_colour(landscape(slug)) for slug in slugs}) == len(slugs)


def test_seeded_items_get_their_own_pictures(media_root):
    seed()
    files = {
        (media_root / article.lead_image.file.name).read_bytes()
        for article in NewsArticle.objects.select_related("lead_image")
    }
    assert len(files) == len(demo.NEWS)
