import pytest
from django.urls import reverse, set_script_prefix

from armcms.content.links import slug_url


@pytest.mark.parametrize(
    "viewname",
    [
        "news:article_detail",
        "news:pressrelease_detail",
        "publications:publication_detail",
    ],
)
@pytest.mark.parametrize("slug", ["a", "mining-2025", "slug_with_underscore"])
def test_slug_urls_match_reverse(viewname, slug):
    assert slug_url(viewname, slug) == reverse(viewname, kwargs={"slug": slug})


def test_slug_urls_follow_the_script_prefix():
    set_script_prefix("/site/")
    try:
        assert slug_url("news:article_detail", "x") == "/site/news/x/"
    finally:
        set_script_prefix("/")
    assert slug_url("news:article_detail", "x") == "/news/x/"


def test_a_slug_is_quoted():
    assert slug_url("news:article_detail", "a b/c") == "/news/a%20b/c/"


def test_a_view_without_a_slug_is_refused():
    with pytest.raises(Exception, match="slug"):
        slug_url("home", "x")
