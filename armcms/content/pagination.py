"""
Pages for lists that grow for decades: no COUNT over the archive. A page
fetches one item more than it shows, to know whether another page follows.
"""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.translation import gettext_lazy as _

# The largest OFFSET SQLite and PostgreSQL accept (a signed 64-bit integer);
# a page starting beyond it cannot hold anything.
MAX_OFFSET = 2**63 - 1


class UncountedPage(Page):
    def __init__(self, items, number, paginator):
        self.more = len(items) > paginator.per_page
        super().__init__(items[: paginator.per_page], number, paginator)

    def has_next(self) -> bool:
        return self.more

    def start_index(self) -> int:
        if not self.object_list:
            return 0
        return (self.number - 1) * self.paginator.per_page + 1

    def end_index(self) -> int:
        return self.start_index() + len(self.object_list) - 1


class UncountedPaginator(Paginator):
    """A paginator whose cost does not depend on how many items there are."""

    def validate_number(self, number) -> int:
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(_("That page number is not an integer")) from error
        if number < 1:
            raise EmptyPage(_("That page number is less than 1"))
        if number * self.per_page >= MAX_OFFSET:
            raise EmptyPage(_("That page contains no results"))
        return number

    def page(self, number) -> UncountedPage:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        items = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not items and number > 1:
            raise EmptyPage(_("That page contains no results"))
        return UncountedPage(items, number, self)

    @property
    def count(self):
        raise NotImplementedError("UncountedPaginator does not count.")

    @property
    def num_pages(self):
        raise NotImplementedError("UncountedPaginator does not count.")
