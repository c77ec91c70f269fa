from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from armcms.files import UploadTo, pdf_validators
from armcms.models import PublishableModel


class NewsArticle(PublishableModel):
    class Meta(PublishableModel.Meta):
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    def get_absolute_url(self):
        return reverse("news:article_detail", kwargs={"slug": self.slug})


class PressRelease(PublishableModel):
    dateline = models.CharField(
        _("dateline"),
        max_length=120,
        blank=True,
        help_text=_('Where the release is issued from, e.g. "Medellín / París".'),
    )
    pdf = models.FileField(
        _("PDF version"),
        upload_to=UploadTo("press"),
        max_length=255,
        blank=True,
        validators=pdf_validators,
    )

    class Meta(PublishableModel.Meta):
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")

    def get_absolute_url(self):
        return reverse("news:pressrelease_detail", kwargs={"slug": self.slug})
