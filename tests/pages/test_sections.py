"""
Page bodies made of sections: each kind shows what it holds in each
language, what it chooses live, and nothing hidden; the page form checks each
kind's fields, keeps what was typed when it fails, and stores only what the
kind shows.
"""

import re

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.utils.html import escape

from armcms.content import registry
from armcms.content.models import Status
from armcms.content.sections import SectionKind, item_key
from pages.models import Page, Section
from tests.armcms.admin_helpers import form_data
from tests.armcms.factories import (
    CountryFactory,
    TopicFactory,
    library_image,
    with_image,
    with_pdf,
)
from tests.conftest import image_bytes, pdf_with_text
from tests.impact.factories import ImpactMetricFactory
from tests.news.factories import NewsArticleFactory
from tests.pages.factories import (
    PageFactory,
    add_every_section,
    document,
    person,
)
from tests.pages.test_admin import ADD, page_form, sections_data
from tests.publications.factories import PublicationFactory
from tests.video_host import GONE, PRIVATE, PUBLIC, TITLES, VIMEO

pytestmark = pytest.mark.django_db


@pytest.fixture
def about():
    return PageFactory(title_en="About us", title_es="Quiénes somos")


@pytest.fixture
def full_page(about):
    ImpactMetricFactory(label_en="countries", label_es="países", value=15)
    ImpactMetricFactory(label_en="hidden figure", is_active=False)
    report = PublicationFactory(title_en="Gold report")
    with_pdf(report, "report.pdf", ContentFile(pdf_with_text("gold")))
    NewsArticleFactory(title_en="Miners meet in Medellín")
    PageFactory(parent=about, title_en="Formalisation", title_es="Formalización")
    ana = person("Ana Restrepo")
    with_image(ana, "photo", "ana.jpg", ContentFile(image_bytes("JPEG", (600, 600))))
    add_every_section(
        about,
        people=[ana, person("Luis Gómez", role_en="Treasurer")],
        documents=[document("Annual letter")],
    )
    return about


def test_every_kind_of_section_shows_on_the_page(client, full_page):
    html = client.get("/about-us/").content.decode()
    for text in [
        "Our story",
        "Founded by miners and partners.",
        'alt="Miners sorting ore by a river"',
        "Sorting ore in Antioquia.",
        "Photo: Jane Doe",
        'href="https://example.org/contact"',
        "Write to us",
        "Mining can be formal, safe and fair.",
        "A cooperative leader",
        "countries",
        "Miners meet in Medellín",
        "Gold report",
        "Annual letter",
        "Ana Restrepo",
        "Treasurer",
        "Programmes",
        "Formalisation",
    ]:
        assert text in html, text
    # Photos come in smaller copies, the person's name beside them.
    assert re.search(r'<img class="person__photo"[^>]* srcset="[^"]+480w', html)
    assert 'class="person__photo"' in html and 'alt=""' in html
    # An inactive figure is not chosen; the sub-pages show once, as a section.
    assert "hidden figure" not in html
    assert html.count(">Formalisation</a>") == 1
    # In the order staff gave them.
    assert html.index("Our story") < html.index("Work with us") < html.index("Our team")


def test_each_language_shows_its_own_texts(client, full_page):
    html = client.get("/es/quienes-somos/").content.decode()
    for text in [
        "Nuestra historia",
        "Fundada por mineros y aliados.",
        "Mineros separando mineral junto a un río",
        "Trabaje con nosotros",
        "Escríbanos",
        "La minería puede ser formal, segura y justa.",
        "países",
        "Nuestro equipo",
        "Directora",
    ]:
        assert text in html, text
    # A text not translated shows in English, marked as such.
    assert 'lang="en">A cooperative leader<' in html


def test_a_section_leaves_out_what_visitors_cannot_see(client, about):
    draft = PageFactory(title_en="Contact", status=Status.DRAFT)
    hidden = PublicationFactory(title_en="Draft report", status=Status.DRAFT)
    with_pdf(hidden, "draft.pdf", ContentFile(pdf_with_text("draft")))
    figure = ImpactMetricFactory(label_en="retired figure")
    Section.objects.create(
        page=about,
        kind="call_to_action",
        heading_en="Write to us",
        button_label_en="Contact",
        link_page=draft,
    )
    Section.objects.create(
        page=about, kind="documents", heading_en="Reports", items=[item_key(hidden)]
    )
    Section.objects.create(
        page=about,
        kind="impact_figures",
        items=[item_key(figure), "impact.impactmetric:999", "nonsense"],
    )
    figure.is_active = False
    figure.save()
    html = client.get("/about-us/").content.decode()
    assert "Write to us" in html
    assert draft.get_absolute_url() not in html  # no button to a draft
    assert "Draft report" not in html and "Reports" not in html
    assert "retired figure" not in html


def test_latest_items_follow_the_topic_and_country_chosen(client, about):
    gender, peru = TopicFactory(name="Gender"), CountryFactory(name="Peru")
    NewsArticleFactory(
        title_en="About women in Peru", topics=[gender], countries=[peru]
    )
    NewsArticleFactory(title_en="About women elsewhere", topics=[gender])
    NewsArticleFactory(title_en="Other news")
    Section.objects.create(
        page=about,
        kind="latest",
        listing="news.newsarticle",
        topic=gender,
        country=peru,
        count=2,
    )
    html = client.get("/about-us/").content.decode()
    assert "About women in Peru" in html
    assert "About women elsewhere" not in html and "Other news" not in html
    assert 'href="/news/?topic=gender&amp;country=peru"' in html


def test_a_kind_the_site_no_longer_has_is_left_out(client, about):
    Section.objects.create(page=about, kind="gone", heading_en="Old kind")
    response = client.get("/about-us/")
    assert response.status_code == 200
    assert "Old kind" not in response.content.decode()


def test_a_changed_section_person_or_document_refreshes_the_cached_page(
    client, full_page, django_capture_on_commit_callbacks
):
    assert client.get("/about-us/")["X-Page-Cache"] == "miss"
    assert client.get("/about-us/")["X-Page-Cache"] == "hit"

    def rename():
        section = Section.objects.get(kind="text")
        section.heading_en = "Our roots"
        section.save()

    changes = [
        rename,
        lambda: person("Marta Díaz").sections.set(
            Section.objects.filter(kind="people")
        ),
        lambda: document("Statutes").page_sections.set(
            Section.objects.filter(kind="documents")
        ),
    ]
    for change, shown in zip(
        changes, ["Our roots", "Marta Díaz", "Statutes"], strict=True
    ):
        with django_capture_on_commit_callbacks(execute=True):
            change()
        response = client.get("/about-us/")
        assert response["X-Page-Cache"] == "miss"
        assert shown in response.content.decode()


# The page form.


def section_form(response, index: int) -> dict:
    return response.context["inline_admin_formsets"][0].formset.forms[index]


def test_publishers_add_reorder_and_remove_sections(publisher, about):
    response = publisher.post(
        ADD,
        page_form(
            title_en="Our work",
            **sections_data(
                {
                    "kind": "quote",
                    "text_en": "<p>Fair gold.</p>",
                    "source_en": "A miner",
                },
                {
                    "kind": "text",
                    "heading_en": "Programmes",
                    "text_en": "<p>Three.</p>",
                },
            ),
        ),
    )
    assert response.status_code == 302
    page = Page.objects.get_siblings(about).get(title_en="Our work")
    assert [s.kind for s in page.sections.all()] == ["quote", "text"]
    change = f"/admin/pages/page/{page.pk}/change/"
    data = form_data(publisher.get(change))
    # The text goes first, the quote goes.
    data["sections-0-position"], data["sections-1-position"] = "20", "10"
    data["sections-0-DELETE"] = "on"
    assert publisher.post(change, data).status_code == 302
    assert [s.kind for s in page.sections.all()] == ["text"]


@pytest.mark.parametrize(
    ("section", "field", "message"),
    [
        ({"kind": "text", "heading_en": "Empty"}, "text_en", "required"),
        ({"kind": "image", "image_alt_en": "A photo"}, "image", "required"),
        ({"kind": "quote", "text_en": "<p>Fair gold.</p>"}, "source_en", "required"),
        (
            {"kind": "call_to_action", "heading_en": "Join", "button_label_en": "Go"},
            "link_page",
            "Choose the page",
        ),
        (
            {
                "kind": "call_to_action",
                "heading_en": "Join",
                "button_label_en": "Go",
                "link_url_en": "javascript:alert(1)",
            },
            "link_url_en",
            "valid URL",
        ),
        ({"kind": "latest", "heading_en": "News"}, "listing", "required"),
        (
            {"kind": "latest", "listing": "news.newsarticle", "count": "500"},
            "count",
            "less than or equal to 12",
        ),
        ({"kind": "impact_figures", "heading_en": "Figures"}, "items", "at least one"),
        ({"kind": "documents"}, "items", "at least one"),
        ({"kind": "people", "heading_en": "Team"}, "people", "at least one"),
        ({"kind": "video", "heading_en": "Our film"}, "video_url", "required"),
        (
            {"kind": "video", "video_url": "https://dailymotion.com/video/x7tgad0"},
            "video_url",
            "Give the address of a video on YouTube or Vimeo",
        ),
        (
            {"kind": "video", "video_url": "https://youtu.be/Ab3_-xYz789"},
            "video_url",
            "could not be reached",
        ),
        ({"kind": "no-such-kind"}, "kind", "valid choice"),
        ({"kind": "impact_figures", "items": "auth.user:1"}, "items", "valid choice"),
    ],
)
def test_each_kind_checks_its_fields_and_keeps_what_was_typed(
    publisher, section, field, message
):
    response = publisher.post(
        ADD,
        page_form(title_en="Team", summary_en="Who we are", **sections_data(section)),
    )
    assert response.status_code == 200
    errors = section_form(response, 0).errors
    assert message in str(errors.get(field)), errors
    # Nothing saved, and nothing typed lost.
    assert not Section.objects.exists()
    assert 'value="Team"' in response.content.decode()
    form = section_form(response, 0)
    for name, value in section.items():
        if name not in ("kind", "items"):
            assert escape(value) in str(form[name]), name


def test_items_of_another_kind_are_refused(publisher):
    figure = ImpactMetricFactory()
    report = PublicationFactory()
    with_pdf(report, "report.pdf", ContentFile(pdf_with_text("gold")))
    response = publisher.post(
        ADD,
        page_form(
            **sections_data({"kind": "impact_figures", "items": item_key(report)})
        ),
    )
    assert "Choose only items" in str(section_form(response, 0).errors["items"])
    response = publisher.post(
        ADD,
        page_form(
            **sections_data({"kind": "impact_figures", "items": item_key(figure)})
        ),
    )
    assert response.status_code == 302
    assert Section.objects.get().items == [item_key(figure)]


def test_a_section_keeps_only_the_fields_of_its_kind(publisher, about):
    # Typed as a call to action, then turned into text before saving.
    response = publisher.post(
        ADD,
        page_form(
            title_en="Join",
            **sections_data(
                {
                    "kind": "text",
                    "heading_en": "Join us",
                    "text_en": "<p>Welcome.</p>",
                    "button_label_en": "Go",
                    "link_url_en": "https://example.org/",
                    "source_en": "Someone",
                    "link_page": str(about.pk),
                }
            ),
        ),
    )
    assert response.status_code == 302
    section = Section.objects.get()
    assert (section.heading_en, section.text_en) == ("Join us", "<p>Welcome.</p>")
    assert not (section.button_label_en or section.link_url_en or section.source_en)
    assert section.link_page is None


def test_an_image_chosen_before_a_failed_save_is_kept(publisher):
    image = library_image("miners.jpg", alt_en="")
    data = page_form(**sections_data({"kind": "image", "image": image.pk}))
    response = publisher.post(ADD, data)
    # No alt text, here or in the library: the chosen image stays chosen.
    assert "image_alt_en" in section_form(response, 0).errors
    assert str(section_form(response, 0)["image"].value()) == str(image.pk)
    assert 'class="chooser__thumbnail" src="/media/renditions/' in (
        response.content.decode()
    )
    data = page_form(
        **sections_data(
            {"kind": "image", "image": image.pk, "image_alt_en": "Miners at work"}
        )
    )
    assert publisher.post(ADD, data).status_code == 302
    section = Section.objects.get()
    assert section.image == image


def test_a_section_image_takes_its_alt_caption_and_credit_from_the_library(
    client, about
):
    image = library_image(
        "river.jpg",
        alt_en="A river by a mine",
        caption_en="The Nechí river.",
        credit_en="Jane Doe",
    )
    Section.objects.create(page=about, kind="image", image=image)
    html = client.get("/about-us/").content.decode()
    assert 'alt="A river by a mine"' in html
    assert "The Nechí river." in html and "Photo: Jane Doe" in html


def test_editors_write_sections_on_their_drafts(editor):
    response = editor.post(
        ADD,
        page_form(
            status=Status.DRAFT,
            **sections_data({"kind": "text", "text_en": "<p>Draft text.</p>"}),
        ),
    )
    assert response.status_code == 302
    assert Section.objects.get().text_en == "<p>Draft text.</p>"


def test_the_page_form_offers_every_kind_and_only_active_figures(publisher):
    ImpactMetricFactory(label_en="shown figure")
    ImpactMetricFactory(label_en="retired figure", is_active=False)
    html = publisher.get(ADD).content.decode()
    for kind in registry.section_kinds().values():
        assert f">{kind.label}</option>" in html
    assert "shown figure" in html and "retired figure" not in html


def test_a_page_version_holds_its_sections(publisher, about):
    from reversion.models import Version

    change = f"/admin/pages/page/{about.pk}/change/"
    data = form_data(
        publisher.get(change),
        **sections_data({"kind": "text", "text_en": "<p>First.</p>"}),
    )
    assert publisher.post(change, data).status_code == 302
    version = Version.objects.get_for_object(about).first()
    kinds = {v.content_type.model for v in version.revision.version_set.all()}
    assert kinds == {"page", "section"}


class Note(SectionKind):
    """A kind another app might offer: a short note, in its own template."""

    label = "Note"
    fields = ("heading",)
    required = ("heading",)
    template = "pages/sections/_text.html"


def test_an_app_adds_a_kind_of_section_without_touching_the_others(
    publisher, about, monkeypatch
):
    monkeypatch.setattr(
        apps.get_app_config("news"),
        "section_kinds",
        {"note": "tests.pages.test_sections.Note"},
        raising=False,
    )
    registry.section_kinds.cache_clear()
    try:
        assert ">Note</option>" in publisher.get(ADD).content.decode()
        response = publisher.post(ADD, page_form(**sections_data({"kind": "note"})))
        assert "heading_en" in section_form(response, 0).errors
        data = page_form(**sections_data({"kind": "note", "heading_en": "A note"}))
        assert publisher.post(ADD, data).status_code == 302
        assert "A note" in publisher.get("/about-us-2/").content.decode()
    finally:
        registry.section_kinds.cache_clear()


def test_search_finds_a_page_by_what_its_sections_say(client, about):
    PageFactory(title_en="Contact")
    section = Section.objects.create(
        page=about,
        kind="text",
        heading_en="Cooperatives",
        text_en="<p>Gold from <strong>Antioquia</strong>.</p>",
        text_es="<p>Oro de <strong>Antioquia</strong> y de Nariño.</p>",
    )
    Section.objects.create(
        page=about, kind="quote", text_en="<p>Fair trade.</p>", source_en="Lucía"
    )

    def found(url):
        return [r["item"] for r in client.get(url).context.get("results", [])]

    assert found("/search/?q=antioquia") == [about]
    assert found("/search/?q=cooperatives") == [about]
    assert found("/search/?q=lucía") == [about]
    assert found("/es/search/?q=nariño") == [about]
    # A section removed takes its words with it.
    section.delete()
    assert found("/search/?q=antioquia") == []


@pytest.mark.parametrize("field", ["people", "files", "link_page", "topic"])
def test_forged_ids_are_form_errors(publisher, field):
    data = page_form(
        **sections_data({"kind": "text", "text_en": "<p>Hi</p>", field: str(2**64)})
    )
    response = publisher.post(ADD, data)
    assert response.status_code == 200
    assert field in section_form(response, 0).errors


def test_chosen_items_no_longer_shown_are_kept_when_the_page_is_saved(publisher, about):
    shown, retired = ImpactMetricFactory(), ImpactMetricFactory(label_en="retired")
    Section.objects.create(
        page=about, kind="impact_figures", items=[item_key(shown), item_key(retired)]
    )
    retired.is_active = False
    retired.save()
    change = f"/admin/pages/page/{about.pk}/change/"
    page = publisher.get(change)
    assert "retired (not shown now)" in page.content.decode()
    assert publisher.post(change, form_data(page, title_en="About")).status_code == 302
    assert Section.objects.get().items == [item_key(shown), item_key(retired)]


def test_a_section_turned_into_another_kind_lets_its_items_go(publisher, about):
    figure = ImpactMetricFactory()
    section = Section.objects.create(
        page=about, kind="impact_figures", items=[item_key(figure)]
    )
    change = f"/admin/pages/page/{about.pk}/change/"
    data = form_data(publisher.get(change))
    data.update({"sections-0-kind": "text", "sections-0-text_en": "<p>Now text.</p>"})
    assert publisher.post(change, data).status_code == 302
    section.refresh_from_db()
    assert (section.kind, section.items) == ("text", [])


def test_what_a_raw_write_brings_back_is_sanitised(client, about):
    # A revert or a restored backup writes rows without their save().
    section = Section(
        page=about,
        kind="text",
        text_en='<p onclick="steal()">Hi</p><script>steal()</script>',
    )
    section.save_base(raw=True)
    about.body_en = "<p>Body</p><script>steal()</script>"
    about.save_base(raw=True)
    html = client.get("/about-us/").content.decode()
    assert "steal()" not in html
    assert "<p>Hi</p>" in html


def test_a_section_of_a_kind_gone_is_kept_until_staff_decide(publisher, about):
    Section.objects.create(page=about, kind="gone", heading_en="Old kind")
    change = f"/admin/pages/page/{about.pk}/change/"
    page = publisher.get(change)
    assert 'value="gone" selected>gone (no longer available)' in page.content.decode()
    response = publisher.post(change, form_data(page))
    assert "no longer has this kind" in str(section_form(response, 0).errors["kind"])
    assert Section.objects.get().heading_en == "Old kind"
    data = form_data(page, **{"sections-0-DELETE": "on"})
    assert publisher.post(change, data).status_code == 302
    assert not Section.objects.exists()


def test_a_document_no_longer_published_stays_chosen_when_the_page_is_saved(
    publisher, about
):
    report = PublicationFactory(title_en="Old report")
    with_pdf(report, "old.pdf", ContentFile(pdf_with_text("old")))
    Section.objects.create(page=about, kind="documents", items=[item_key(report)])
    report.status = Status.DRAFT
    report.save()
    change = f"/admin/pages/page/{about.pk}/change/"
    page = publisher.get(change)
    assert "Publication: Old report (not shown now)" in page.content.decode()
    assert publisher.post(change, form_data(page)).status_code == 302
    assert Section.objects.get().items == [item_key(report)]


# Videos.


@pytest.mark.parametrize(
    ("video", "message"),
    [(GONE, "There is no video at this address"), (PRIVATE, "This video is private")],
)
def test_a_video_section_says_why_its_video_cannot_be_shown(
    publisher, video_host, video, message
):
    section = {"kind": "video", "video_url": video.watch_url, "video_title_en": "Ours"}
    response = publisher.post(ADD, page_form(**sections_data(section)))
    assert response.status_code == 200
    assert message in str(section_form(response, 0).errors["video_url"])
    assert not Page.objects.exists()
    form = section_form(response, 0)
    assert escape(video.watch_url) in str(form["video_url"])
    assert 'value="Ours"' in str(form["video_title_en"])


def test_a_video_section_shows_the_video_titled_by_its_host_unless_given_one(
    client, publisher, video_host, media_root, django_capture_on_commit_callbacks
):
    section = {
        "kind": "video",
        "heading_en": "Our film",
        "video_url": f"https://youtu.be/{PUBLIC.id}",
        "transcript_url_en": "/about-us/film-transcript/",
        "transcript_url_es": "/es/quienes-somos/transcripcion/",
    }
    response = publisher.post(ADD, page_form(**sections_data(section)))
    assert response.status_code == 302
    assert (media_root / f"video-posters/youtube-{PUBLIC.id}.jpg").is_file()
    video_host.asked.clear()
    html = client.get("/about-us/").content.decode()
    assert video_host.asked == []  # pages never ask the host
    assert "Our film" in html
    assert f'aria-label="Play video: {TITLES[PUBLIC]}"' in html
    assert f'data-video-player="{PUBLIC.player_url}"' in html
    assert '<a href="/about-us/film-transcript/">Read the transcript</a>' in html
    spanish = client.get("/es/about-us/").content.decode()
    assert 'href="/es/quienes-somos/transcripcion/"' in spanish
    # A title given wins.
    with django_capture_on_commit_callbacks(execute=True):
        saved = Section.objects.get()
        saved.video_title_en = "Gold, fairly mined"
        saved.save()
    html = client.get("/about-us/").content.decode()
    assert 'aria-label="Play video: Gold, fairly mined"' in html


def test_a_video_section_saved_without_a_host_shows_its_address(client, about):
    Section.objects.create(page=about, kind="video", video_url=VIMEO.watch_url)
    html = client.get("/about-us/").content.decode()
    assert f'aria-label="Play video: {VIMEO.watch_url}"' in html
    assert 'class="video__image"' not in html


def test_a_page_whose_video_was_kept_without_its_host_can_still_be_changed(
    publisher, about
):
    """Saved by an import with no host to ask, then changed in the admin while
    the host is still away: the change is saved, the video kept."""
    Section.objects.create(page=about, kind="video", video_url=VIMEO.watch_url)
    change = f"/admin/pages/page/{about.pk}/change/"
    data = form_data(publisher.get(change), summary_en="A new summary.")
    assert publisher.post(change, data).status_code == 302
    about.refresh_from_db()
    assert about.summary_en == "A new summary."
    assert Section.objects.get().video_url == VIMEO.watch_url
