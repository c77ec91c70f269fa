"""
The media library in a real browser: a publisher picks an image already in
the library as an article's lead image and inserts another into its text,
both through the library's pop-up, then sets an image's focal point by
clicking it, and the card on the public site is cut around it.
"""

import io
import re

from PIL import Image as Picture
from playwright.sync_api import expect

from armcms.backoffice.roles import EDITOR, PUBLISHER
from armcms.content.library import Image
from news.models import NewsArticle
from tests.armcms.factories import library_image
from tests.browser.test_staff_journeys import save
from tests.news.factories import NewsArticleFactory


def portrait() -> bytes:
    """A white portrait, 600 by 1200, with a red "face" near its top."""
    picture = Picture.new("RGB", (600, 1200), (250, 250, 250))
    picture.paste((220, 20, 20), (200, 20, 400, 120))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def choose_in_pop_up(staff_page, opener, title: str) -> None:
    """Click ``opener``, then ``title`` in the library's pop-up window."""
    with staff_page.expect_popup() as opened:
        opener.click()
    pop_up = opened.value
    pop_up.locator("#searchbar").fill(title.split()[0])
    pop_up.locator("#searchbar").press("Enter")
    link = pop_up.get_by_role("link", name=title)
    with pop_up.expect_event("close"):
        # Clicked from the page itself: the window closes as it is clicked.
        link.evaluate("link => setTimeout(() => link.click())")


def test_a_publisher_picks_library_images_for_the_lead_and_the_text(
    page, url, signed_in, journey_end
):
    river = library_image("river.jpg", title="River at dawn", alt_en="A river")
    gate = library_image(
        "gate.png", portrait(), title="Mine gate", alt_en="The mine's gate"
    )
    publisher = signed_in("paula", PUBLISHER)
    publisher.goto(url("/admin/news/newsarticle/add/"))
    publisher.locator("#id_title_en").fill("Dawn at the river")

    lead = publisher.locator(".field-lead_image .chooser")
    expect(lead).to_contain_text("No image chosen.")
    choose_in_pop_up(
        publisher, lead.get_by_role("link", name="Choose from the library"), "River"
    )
    expect(lead.locator(".chooser__title")).to_have_text("River at dawn")
    expect(lead.locator(".chooser__thumbnail")).to_have_attribute(
        "src", re.compile(r"/media/renditions/.*river-480")
    )

    body = publisher.locator(".field-body_en .ck-editor__editable")
    body.click()
    choose_in_pop_up(
        publisher,
        publisher.get_by_role("link", name="Insert an image from the library").first,
        "Mine gate",
    )
    expect(body.locator("img")).to_have_attribute("src", gate.file.url)
    expect(body.locator("img")).to_have_attribute("alt", "The mine's gate")
    publisher.screenshot(path="/tmp/library-chosen.png", full_page=True)
    publisher.locator("#id_status").select_option("published")
    save(publisher)
    expect(publisher.locator(".messagelist")).to_contain_text("Dawn at the river")

    article = NewsArticle.objects.get(title_en="Dawn at the river")
    assert article.lead_image == river
    assert f'src="{gate.file.url}"' in article.body
    page.goto(url(article.get_absolute_url()))
    expect(page.locator(".detail__image")).to_have_attribute("alt", "A river")
    journey_end("published")
    html = page.content()
    # The image in the text gets the library's smaller copies.
    assert gate.renditions["webp"][0][2] in html


def test_a_publisher_sets_the_focal_point_and_the_card_follows(
    page, url, signed_in, journey_end
):
    image = library_image("face.png", portrait(), title="Portrait", alt_en="A face")
    card_before = image.renditions["card"]["webp"][-1][2]
    publisher = signed_in("paula", PUBLISHER)
    publisher.goto(url(f"/admin/armcms/image/{image.pk}/change/"))
    picture = publisher.locator(".focal-picker img")
    box = picture.bounding_box()
    # The face: half way across, a twentieth of the way down.
    picture.click(position={"x": box["width"] / 2, "y": box["height"] * 0.058})
    expect(publisher.locator(".focal-picker__mark")).to_be_visible()
    focal_y = int(publisher.locator("#id_focal_y").input_value())
    assert 40 <= focal_y <= 100
    publisher.screenshot(path="/tmp/focal-point.png", full_page=True)
    save(publisher)
    expect(publisher.locator(".messagelist")).to_contain_text("was changed")

    image = Image.objects.get(pk=image.pk)
    assert image.focal_y == focal_y
    card = image.renditions["card"]["fallback"][-1][2]
    assert image.renditions["card"]["webp"][-1][2] != card_before
    # The face is in the card now: its top rows are red where it was white.
    with image.file.storage.open(card, "rb") as handle, Picture.open(handle) as crop:
        top = crop.convert("RGB").getpixel((crop.width // 2, crop.height // 4))
    assert top[0] > 180 and top[1] < 90
    NewsArticleFactory(title="A face in the card", lead_image=image)
    page.goto(url("/news/"))
    expect(page.locator(".card__image")).to_be_visible()
    journey_end("card")


def test_an_editor_uploads_several_images_at_once(url, signed_in):
    editor = signed_in("eva", EDITOR)
    editor.goto(url("/admin/armcms/image/"))
    editor.get_by_role("link", name="Upload several images").click()

    def png(colour):
        buffer = io.BytesIO()
        Picture.new("RGB", (900, 600), colour).save(buffer, "PNG")
        return {
            "name": f"{colour}.png",
            "mimeType": "image/png",
            "buffer": buffer.getvalue(),
        }

    svg = b"<svg xmlns='http://www.w3.org/2000/svg'/>"
    editor.get_by_label("Choose images, or drop them here").set_input_files(
        [
            png("green"),
            png("blue"),
            {"name": "drawing.svg", "mimeType": "image/svg+xml", "buffer": svg},
            png("orange"),
        ]
    )
    results = editor.locator(".bulk-upload__result")
    # Each file has its line at once, then its link or its error.
    expect(results).to_have_count(4)
    expect(results.locator("a")).to_have_count(3, timeout=20_000)
    expect(results.nth(2)).to_have_class(re.compile("bulk-upload__result--error"))
    assert sorted(Image.objects.values_list("title", flat=True)) == [
        "Blue",
        "Green",
        "Orange",
    ]
