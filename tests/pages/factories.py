from pages.models import Page
from tests.armcms.factories import PublishableFactory


class PageFactory(PublishableFactory):
    """A page at the top level, or below ``parent``."""

    class Meta:
        model = Page

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        page = model_class(*args, **kwargs)
        if parent is None:
            return Page.objects.add_root(instance=page)
        return Page.objects.add_child(parent, instance=page)
