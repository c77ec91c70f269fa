import pytest

from armcms.content.richtext import sanitize_html


@pytest.mark.parametrize(
    ("hostile", "forbidden"),
    [
        ("<p>a<script>alert(1)</script></p>", "alert"),
        ('<img src="x.png" onerror="alert(1)">', "onerror"),
        ('<a href="javascript:alert(1)">link</a>', "javascript"),
        ('<p style="position:fixed">a</p>', "style"),
        ("<style>body{display:none}</style><p>a</p>", "display"),
        ('<iframe src="https://evil.example"></iframe>', "iframe"),
    ],
)
def test_hostile_markup_is_removed(hostile, forbidden):
    assert forbidden not in sanitize_html(hostile)


def test_editor_formatting_survives():
    html = (
        "<h2>Heading</h2><p><strong>bold</strong> <em>it</em></p>"
        "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote><p>q</p></blockquote>"
        '<figure class="image"><img src="/media/editor/a.png" alt="A"></figure>'
        "<table><tbody><tr><td>cell</td></tr></tbody></table>"
    )
    assert sanitize_html(html) == html


def test_links_get_a_safe_rel():
    assert sanitize_html('<a href="https://example.org">x</a>') == (
        '<a href="https://example.org" rel="noopener noreferrer">x</a>'
    )


def test_empty_value():
    assert sanitize_html("") == ""
    assert sanitize_html(None) == ""
