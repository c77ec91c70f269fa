from django.db import models
from django.utils.translation import gettext_lazy as _

from armcms.content.links import slug_url
from armcms.content.models import DocumentMixin, PublishableModel


class NewsArticle(PublishableModel):
    list_url_name = "news:article_list"

    class Meta(PublishableModel.Meta):
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    def get_absolute_url(self):
        return slug_url("news:article_detail", self.slug)


class PressRelease(DocumentMixin, PublishableModel):
    dateline = models.CharField(
        _("dateline"),
        max_length=120,
        blank=True,
        help_text=_('Where the release is issued from, e.g. "Medellín / París".'),
    )

    list_url_name = "news:pressrelease_list"
    search_weights = {
        **PublishableModel.search_weights,
        "dateline": "B",
        "pdf_text": "D",
    }

    class Meta(PublishableModel.Meta):
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")

    def get_absolute_url(self):
        return slug_url("news:pressrelease_detail", self.slug)
