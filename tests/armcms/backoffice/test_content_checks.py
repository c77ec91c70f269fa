import pytest
from django.urls import reverse

from armcms.backoffice.checks import check_body, check_item
from tests.news.factories import NewsArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<figure class="image"><img src="a.png" alt=""></figure>', "alt text"),
        ('<img src="a.png" alt="IMG_2031.jpg">', "alt text"),
        ('<img src="a.png" alt="Photo">', "alt text"),
        ("<h2>Intro</h2><h4>Detail</h4>", "level 4 heading follows a level 2"),
        ("<h3>Starts too deep</h3>", "level 3 heading follows a level 1"),
        ('<p><a href="https://x.org">Click here</a></p>', '"Click here"'),
        ('<p><a href="https://x.org">https://x.org/report</a></p>', "does not say"),
    ],
)
def test_body_problems_are_named(body, expected):
    assert any(expected in warning for warning in check_body(body))


def test_a_well_made_body_passes():
    body = (
        "<h2>Context</h2><h3>Detail</h3><h2>Next</h2>"
        '<img src="a.png" alt="Women sorting ore by hand">'
        '<a href="https://x.org">the 2020 annual report</a>'
    )
    assert check_body(body) == []


def test_item_level_checks():
    item = NewsArticleFactory.build(summary=" ", is_featured=True)
    warnings = check_item(item)
    assert any("summary is empty" in w for w in warnings)
    assert any("featured but has no lead image" in w for w in warnings)


def test_admin_warns_but_saves(admin_client):
    response = admin_client.post(
        reverse("admin:news_newsarticle_add"),
        {
            "title_en": "Needs work",
            "slug_en": "",
            "summary_en": "",
            "body_en": '<h4>Deep</h4><a href="https://x.org">here</a>',
            "status": "draft",
            "published_at_0": "2024-01-01",
            "published_at_1": "10:00:00",
            "lead_image_alt_en": "",
            "seo_description_en": "",
        },
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("summary is empty" in m for m in messages)
    assert any("level 4 heading" in m for m in messages)
    assert any('"here"' in m for m in messages)
    from news.models import NewsArticle

    assert NewsArticle.objects.filter(title="Needs work").exists()
