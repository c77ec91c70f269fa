from armcms.content import shown
from armcms.content.views import PublishedDetailView

from .models import Page


class PageView(PublishedDetailView):
    """
    A page at its path in the tree (``slug`` holds the whole path): visitors
    see published pages, staff previews of the others; a page found by its
    path in another language redirects to its path in this one.
    """

    model = Page
    template_name = "pages/page.html"

    def get_queryset(self):
        return Page.objects.visible_to(self.request.user)

    def around(self) -> dict:
        # Its place in the tree: its parents and its sub-pages.
        shown.items_of(Page)
        sections = self.object.body_sections()
        return {
            "breadcrumbs": self.object.breadcrumbs(),
            "child_pages": self.object.published_children().for_listing(),
            "sections": sections,
            # Else they follow the page, as cards.
            "child_pages_shown": any(
                section.kind_object.shows_child_pages for section in sections
            ),
        }
