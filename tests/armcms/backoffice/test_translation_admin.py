"""
Translations in the back office: the change forms' fields per language and
their tabs, the translation filter and column of the content lists, and the
overview translators work from.
"""

import json
import re
from datetime import timedelta
from importlib import import_module

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from armcms.backoffice.roles import EDITOR, sync_roles
from armcms.backoffice.translations import OVERVIEW_PAGE_SIZE, TranslationState
from armcms.content import registry
from armcms.content.drafts import due_time
from news.models import NewsArticle, PressRelease
from publications.models import Publication
from tests.armcms.admin_helpers import article_form, form_data
from tests.armcms.factories import library_image
from tests.impact.factories import ImpactMetricFactory
from tests.news.factories import NewsArticleFactory, PressReleaseFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("admin:translation_overview")
MISSING, OUTDATED, CURRENT = TranslationState


def change_url(item) -> str:
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def edit(client, item, **changes):
    """Change ``item`` through its change form, as an editor would."""
    page = client.get(change_url(item))
    response = client.post(change_url(item), form_data(page, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors


def translated(factory=NewsArticleFactory, **fields):
    """An item written in English, then translated into Spanish an hour later."""
    start = timezone.now() - timedelta(days=1)
    with time_machine.travel(start, tick=False):
        item = factory(**fields)
    with time_machine.travel(start + timedelta(hours=1), tick=False):
        item.title_es = f"{item.title_en} (es)"
        item.save()
    return item


def outdated(factory=NewsArticleFactory, **fields):
    """An item whose English text changed after its Spanish translation."""
    item = translated(factory, **fields)
    with time_machine.travel(timezone.now() - timedelta(hours=2), tick=False):
        item.summary_en = "A corrected summary."
        item.save()
    return item


def overview_rows(response) -> dict[str, dict[str, str]]:
    """``{title: {language: state}}`` of an overview page."""
    return {
        row["title"]: {state["language"]: state["state"] for state in row["states"]}
        for row in response.context["rows"]
    }


# The change form.


def test_a_spanish_translation_saves_beside_the_english_text(admin_client):
    article = NewsArticleFactory(
        title="Miners win a fair price", body="<p>The cooperative agreed.</p>"
    )
    english = (article.title_en, article.slug_en, article.body_en)
    edit(
        admin_client,
        article,
        title_es="Los mineros logran un precio justo",
        body_es="<p>La cooperativa acordó.</p><script>alert(1)</script>",
    )
    article.refresh_from_db()
    assert (article.title_en, article.slug_en, article.body_en) == english
    assert article.title_es == "Los mineros logran un precio justo"
    assert article.body_es == "<p>La cooperativa acordó.</p>"
    # Left empty, the Spanish address is made from the Spanish title.
    assert article.slug_es == "los-mineros-logran-un-precio-justo"
    assert article.translated_at_es is not None
    assert article.translated_at_es >= article.translated_at_en
    assert article.title_fr is None


def test_editing_the_original_puts_the_translation_out_of_date(admin_client):
    article = translated(title="Miners win a fair price")
    assert overview_rows(admin_client.get(OVERVIEW))["Miners win a fair price"] == {
        "es": CURRENT,
        "fr": MISSING,
    }
    edit(admin_client, article, body_en="<p>A longer story.</p>")
    assert overview_rows(admin_client.get(OVERVIEW))["Miners win a fair price"] == {
        "es": OUTDATED,
        "fr": MISSING,
    }
    # Updating the translation brings it up to date again.
    edit(admin_client, article, body_es="<p>Una historia más larga.</p>")
    assert overview_rows(admin_client.get(OVERVIEW))["Miners win a fair price"] == {
        "es": CURRENT,
        "fr": MISSING,
    }


def test_the_form_has_a_language_tab_per_language_with_its_state(admin_client):
    article = outdated(title="Miners win a fair price")
    response = admin_client.get(change_url(article))
    tabs = {tab["code"]: tab for tab in response.context["translation_tabs"]}
    assert [tab["name"] for tab in tabs.values()] == ["English", "Español", "Français"]
    assert (tabs["en"]["state"], tabs["es"]["state"], tabs["fr"]["state"]) == (
        None,
        OUTDATED,
        MISSING,
    )
    assert {"title_es", "slug_es", "body_es", "lead_image_alt_es"} <= set(
        tabs["es"]["fields"]
    )
    html = response.content.decode()
    assert 'role="tablist"' in html
    assert 'data-language="es"' in html
    assert "/static/admin/translation-tabs.js" in html
    # No inline script or style (the back office's Content-Security-Policy).
    tablist = re.search(r'<div class="translation-tabs".*?</div>', html, re.S).group()
    assert "style=" not in tablist
    assert "<script" not in tablist
    for name in ["title_en", "title_es", "title_fr", "body_es", "slug_fr"]:
        assert f'id="id_{name}"' in html


def test_errors_in_a_translation_mark_its_tab(admin_client):
    article = NewsArticleFactory()
    page = admin_client.get(change_url(article))
    response = admin_client.post(
        change_url(article), form_data(page, slug_es="not a slug")
    )
    assert response.status_code == 200
    tabs = {tab["code"]: tab for tab in response.context["translation_tabs"]}
    assert tabs["es"]["has_errors"]
    assert not tabs["en"]["has_errors"]
    assert "data-has-errors" in response.content.decode()


def test_missing_alt_text_marks_the_english_tab(admin_client):
    image = library_image(alt_en="")
    response = admin_client.post(
        reverse("admin:news_newsarticle_add"),
        article_form(lead_image=str(image.pk), title_es="Hola"),
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "lead_image_alt_en" in form.errors
    assert form["title_es"].value() == "Hola"
    tabs = {tab["code"]: tab for tab in response.context["translation_tabs"]}
    assert tabs["en"]["has_errors"]
    assert not tabs["es"]["has_errors"]
    assert not NewsArticle.objects.exists()


def test_only_the_english_title_is_required(admin_client):
    response = admin_client.post(
        reverse("admin:news_newsarticle_add"), article_form(title_en="")
    )
    assert set(response.context["adminform"].form.errors) == {"title_en"}
    response = admin_client.post(
        reverse("admin:news_newsarticle_add"), article_form(title_fr="")
    )
    assert response.status_code == 302


def test_every_translated_admin_has_tabs(admin_client):
    metric = ImpactMetricFactory(label="children in school")
    response = admin_client.get(change_url(metric))
    tabs = {tab["code"]: tab for tab in response.context["translation_tabs"]}
    assert "label_es" in tabs["es"]["fields"]
    assert tabs["es"]["state"] == MISSING
    publication = translated(PublicationFactory)
    response = admin_client.get(change_url(publication))
    tabs = {tab["code"]: tab for tab in response.context["translation_tabs"]}
    assert {"abstract_es", "cover_image_alt_es"} <= set(tabs["es"]["fields"])
    assert tabs["es"]["state"] is None


def test_slugs_are_prepopulated_from_the_title_of_their_language(admin_client):
    html = admin_client.get(reverse("admin:news_newsarticle_add")).content.decode()
    for code in ["en", "es", "fr"]:
        assert f'"id": "#id_slug_{code}"' in html.replace("&quot;", '"')
        assert f'"dependency_ids": ["#id_title_{code}"]' in html.replace("&quot;", '"')


# The content lists.


def test_changelists_filter_and_show_translation_states(admin_client):
    outdated(title="Behind")
    translated(title="Done")
    NewsArticleFactory(title="Untouched")
    url = reverse("admin:news_newsarticle_changelist")
    page = admin_client.get(url)
    html = page.content.decode()
    assert "Spanish: missing (1)" in html
    assert "Spanish: out of date (1)" in html
    assert "Spanish: up to date (1)" in html
    assert "French: missing (3)" in html
    assert "Spanish: out of date</a>" in html
    for value, titles in {
        "es-missing": ["Untouched"],
        "es-outdated": ["Behind"],
        "es-current": ["Done"],
        "fr-missing": ["Behind", "Done", "Untouched"],
        "fr-current": [],
        "xx-missing": ["Behind", "Done", "Untouched"],
    }.items():
        response = admin_client.get(url, {"translation": value})
        found = sorted(item.title_en for item in response.context["cl"].result_list)
        assert found == titles, value


def test_changelist_search_looks_in_every_language(admin_client):
    translated(title="Gold prices")
    url = reverse("admin:news_newsarticle_changelist")
    response = admin_client.get(url, {"q": "(es)"})
    assert [a.title_en for a in response.context["cl"].result_list] == ["Gold prices"]


# The overview.


def test_the_overview_lists_every_content_type_newest_original_first(admin_client):
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=3), tick=False):
        NewsArticleFactory(title="Oldest")
    with time_machine.travel(now - timedelta(days=2), tick=False):
        PublicationFactory(title="Middle")
    with time_machine.travel(now - timedelta(days=1), tick=False):
        PressReleaseFactory(title="Newest")
    response = admin_client.get(OVERVIEW)
    assert response.status_code == 200
    assert [row["title"] for row in response.context["rows"]] == [
        "Newest",
        "Middle",
        "Oldest",
    ]
    html = response.content.decode()
    release = PressRelease.objects.get()
    assert f'href="{change_url(release)}#language=es"' in html
    assert "Spanish: missing (3)" in html
    assert "French: up to date (0)" in html


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({"translation": "es-missing"}, {"Untranslated", "Report"}),
        ({"translation": "es-outdated"}, {"Behind"}),
        ({"translation": "es-current"}, {"Done"}),
        ({"translation": "fr-missing"}, {"Untranslated", "Report", "Behind", "Done"}),
        ({"translation": "fr-outdated"}, set()),
        ({"type": "publications.publication"}, {"Report"}),
        ({"type": "news.pressrelease", "translation": "es-outdated"}, {"Behind"}),
        ({"type": "news.newsarticle", "translation": "es-outdated"}, set()),
        # Unknown values are ignored.
        ({"translation": "de-missing", "type": "auth.user"}, None),
        ({"translation": "es-lost"}, None),
    ],
)
def test_the_overview_filters_by_language_state_and_type(admin_client, query, titles):
    NewsArticleFactory(title="Untranslated")
    PublicationFactory(title="Report")
    outdated(PressReleaseFactory, title="Behind")
    translated(title="Done")
    response = admin_client.get(OVERVIEW, query)
    assert response.status_code == 200
    expected = titles
    if expected is None:
        expected = {"Untranslated", "Report", "Behind", "Done"}
    assert set(overview_rows(response)) == expected


def test_the_overview_is_paginated(admin_client):
    NewsArticleFactory.create_batch(OVERVIEW_PAGE_SIZE + 1)
    first = admin_client.get(OVERVIEW, {"translation": "es-missing"})
    assert len(first.context["rows"]) == OVERVIEW_PAGE_SIZE
    assert 'href="/admin/translations/?translation=es-missing&amp;page=2"' in (
        first.content.decode()
    )
    second = admin_client.get(OVERVIEW, {"translation": "es-missing", "page": 2})
    assert len(second.context["rows"]) == 1
    for page in ["0", "99", "abc", "2" * 30]:
        assert admin_client.get(OVERVIEW, {"page": page}).status_code == 200


@pytest.mark.parametrize("volume", [2, 12])
def test_the_overview_runs_the_same_queries_however_large_the_archive(
    admin_client, django_assert_max_num_queries, volume
):
    for _ in range(volume):
        translated()
        outdated(PressReleaseFactory)
        PublicationFactory()
    # The session and user, the menu's check of each settings object (the
    # homepage, the site's identity), the identity (the back office's name),
    # a count and a page of rows, one count of the states per content type.
    # (The time of the next scheduled change is read once while the cache
    # holds it.)
    due_time()
    with django_assert_max_num_queries(7 + len(registry.publishable_models())):
        response = admin_client.get(OVERVIEW)
    assert len(response.context["rows"]) == min(3 * volume, OVERVIEW_PAGE_SIZE)
    with django_assert_max_num_queries(8):
        response = admin_client.get(
            OVERVIEW, {"translation": "es-outdated", "type": "news.pressrelease"}
        )
    assert len(response.context["rows"]) == volume


def test_editors_use_the_overview_and_visitors_cannot(client, django_user_model):
    sync_roles()
    NewsArticleFactory(title="Untranslated")
    assert client.get(OVERVIEW).status_code == 302
    user = django_user_model.objects.create_user("eva", password="x" * 16)
    user.is_staff = True
    user.save()
    client.force_login(user)
    # Staff without permissions on content see nothing of it.
    assert overview_rows(client.get(OVERVIEW)) == {}
    user.groups.add(Group.objects.get(name=EDITOR))
    assert set(overview_rows(client.get(OVERVIEW))) == {"Untranslated"}


def test_the_dashboard_links_to_the_overview(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert f'href="{OVERVIEW}"' in html


def client_get_text(path: str) -> str:
    from tests.client import Client

    return Client().get(path).content.decode()


def test_a_translator_follows_the_overview_to_the_spanish_tab(admin_client):
    article = NewsArticleFactory(title="Miners meet")
    response = admin_client.get(OVERVIEW, {"translation": "es-missing"})
    link = response.context["rows"][0]["states"][0]["url"]
    assert link == f"{change_url(article)}#language=es"
    page = admin_client.get(link.partition("#")[0])
    admin_client.post(
        change_url(article),
        form_data(page, title_es="Reunión minera", body_es="<p>Hola</p>"),
    )
    assert not overview_rows(admin_client.get(OVERVIEW, {"translation": "es-missing"}))
    current = admin_client.get(OVERVIEW, {"translation": "es-current"})
    assert set(overview_rows(current)) == {"Miners meet"}
    assert "Reunión minera" in client_get_text("/es/news/")


def test_read_only_forms_have_tabs_over_the_same_rows(client, django_user_model):
    # Editors see impact figures without changing them: no inputs, only text.
    sync_roles()
    user = django_user_model.objects.create_user("eva", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    client.force_login(user)
    metric = ImpactMetricFactory(label="children in school")
    html = client.get(change_url(metric)).content.decode()
    assert 'id="id_label_es"' not in html
    assert 'data-language="es"' in html
    # The rows the tabs show and hide, by the names the tabs list.
    assert re.search(r'class="form-row[^"]* field-label_es', html)


def test_a_cover_image_without_alt_text_is_a_form_error_not_a_crash(admin_client):
    add = reverse("admin:publications_publication_add")
    page = admin_client.get(add)
    data = form_data(
        page,
        title_en="Working conditions in artisanal mining",
        published_at_0="2024-05-01",
        published_at_1="10:00:00",
        status="draft",
    )
    data = {key: value for key, value in data.items() if value != ""}
    data["cover_image"] = str(library_image(alt_en="").pk)
    admin_client.raise_request_exception = False

    response = admin_client.post(add, data)

    assert response.status_code == 200
    assert "cover_image_alt_en" in response.context["adminform"].form.errors
    assert not Publication.objects.exists()


def test_reverting_to_a_version_saved_before_translation_keeps_the_english_text(
    admin_client,
):
    """
    Versions saved before the fields were translated name only ``title``,
    ``body``...: their text is English, whatever language the back office
    is shown in.
    """
    article = NewsArticleFactory(title="Old title", body="<p>Old body</p>")
    change = reverse("admin:news_newsarticle_change", args=[article.pk])
    admin_client.post(change, form_data(admin_client.get(change), title_en="New title"))
    version = Version.objects.get_for_object(article).get()
    data = json.loads(version.serialized_data)
    fields = data[0]["fields"]
    for name in list(fields):
        if name[-3:] in ("_en", "_es", "_fr") or name == "translated_at":
            del fields[name]
    fields.update(title="Old title", body="<p>Old body</p>", slug="old-title")
    version.serialized_data = json.dumps(data)
    version.save()
    # What the migration does to the versions saved before translation.
    migration = import_module("news.migrations.0007_versions_per_language")
    migration.Migration.operations[0].code(apps, None)
    revision = reverse("admin:news_newsarticle_revision", args=[article.pk, version.pk])

    page = admin_client.get(revision, HTTP_ACCEPT_LANGUAGE="es")

    form = page.context["adminform"].form
    assert form["title_en"].value() == "Old title"
    assert form["body_en"].value() == "<p>Old body</p>"
    assert not form["title_es"].value()
    assert not form["body_es"].value()
