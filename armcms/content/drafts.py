"""
Changes to published items that wait: drafts of changes, review, and
changes scheduled for a time.

A published item's row is what the public sees, and the public queries,
the page cache and search read only that row. Changes saved to a published
item without publishing them wait beside it, in one ``Draft`` row per item:
the item and its parts (a page's sections) as they would be saved, in
Django's serialised form, and the parts the changes remove. Nothing public
reads the draft table, so drafts cost visitors nothing.

Publishing a draft saves each object with its own ``save()`` (slugs,
redirects, addresses, renditions, search vectors and the cache follow, as
on any save) and removes the removed parts, in one transaction. The back
office shows a draft by writing it in a transaction it then rolls back.

A draft row also records where the work on an item stands in review
(``in review``, ``changes requested``), for an unpublished item too, whose
row is its own draft (it then holds no changes).

Changes scheduled for a time are published by the first request after that
time (``ScheduledChangesMiddleware``): no timer job. Until then the page
cache expires every page at the next such time, as it does at the next
scheduled publication (see ``next_change``).
"""

import logging

import reversion
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .publishing import PUBLISHING_FIELDS, is_publishable

logger = logging.getLogger(__name__)

PUBLISHED_CHANGES = _("Published changes")
NOT_PUBLISHED_OUTDATED = _(
    "Not published at the scheduled time: the published item was changed or "
    "deleted after these changes began."
)
NOT_PUBLISHED_FAILED = _(
    "Not published at the scheduled time: the changes could not be written "
    "(a slug taken meanwhile, say). Open them, correct them and publish."
)

NEXT_CHANGE_KEY = "armcms:next-scheduled-change"
NO_CHANGE = 0
NEXT_CHANGE_SECONDS = 60


class Review(models.TextChoices):
    NONE = "", _("not in review")
    IN_REVIEW = "in_review", _("in review")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")


class DraftQuerySet(models.QuerySet):
    def for_item(self, item: models.Model) -> "DraftQuerySet":
        return self.filter(
            content_type=ContentType.objects.get_for_model(item),
            object_id=item.pk,
        )

    def due(self, now=None) -> "DraftQuerySet":
        return self.filter(publish_at__lte=now or timezone.now())


class Draft(models.Model):
    """The unpublished work on one content item."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    # [{"model": ..., "pk": ..., "fields": {...}}, ...] as Django's "python"
    # serializer writes them, the item first; None when nothing waits.
    changes = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    # Parts of the item the changes remove: [["app_label.model", pk], ...].
    removed = models.JSONField(default=list, blank=True)
    # Parts the changes add, whose primary keys were taken in a rolled-back
    # transaction: [["app_label.model", pk], ...].
    added = models.JSONField(default=list, blank=True)
    # The publishing fields (status, dates, featuring) the changes set; the
    # others are written as the item has them then, so that a bulk action
    # meanwhile (unpublishing, say) is not undone.
    publishing_fields = models.JSONField(default=list, blank=True)
    # When the item was last saved as the changes began from: a later save
    # of the item is someone else's, which publishing must not overwrite.
    based_on = models.DateTimeField(null=True, blank=True)
    review = models.CharField(max_length=20, choices=Review, blank=True)
    note = models.TextField(blank=True)
    # Who began the work (review emails go to them), and who last wrote
    # the changes, when.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    publish_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DraftQuerySet.as_manager()

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_draft_per_item"
            )
        ]
        indexes = [models.Index(fields=["publish_at"])]

    def __str__(self):
        return f"{self.content_type} {self.object_id}"

    def item(self):
        model = self.content_type.model_class()
        if model is None:
            return None
        return model._default_manager.filter(pk=self.object_id).first()

    def editor(self):
        return self.edited_by or self.author

    def is_outdated(self, item) -> bool:
        """Whether ``item`` was saved by someone else since the changes began."""
        return (
            self.changes is not None
            and self.based_on is not None
            and item.updated_at.replace(microsecond=0)
            != self.based_on.replace(microsecond=0)
        )


def item_graph(item: models.Model, parts) -> list[models.Model]:
    """``item`` and its ``parts`` (querysets of objects saved with it)."""
    return [item, *(obj for queryset in parts for obj in queryset)]


def keys(objects) -> set[tuple[str, int]]:
    return {(obj._meta.label_lower, obj.pk) for obj in objects}


def serialize(objects) -> list[dict]:
    return serializers.serialize("python", objects)


def apply_changes(draft: Draft) -> models.Model:
    """
    Save the draft's changes over the item (each object with its own
    ``save()``, so everything a save works out follows) and delete the parts
    they remove. Returns the item. The caller holds the transaction.
    """
    added = {tuple(key) for key in draft.added}
    item, *parts = serializers.deserialize(
        "python", draft.changes, ignorenonexistent=True
    )
    model = type(item.object)
    current = model._default_manager.filter(pk=item.object.pk).first()
    if current is not None:
        # What the item has now and the changes did not set: publishing
        # fields (a bulk action may have changed them meanwhile) and those
        # others keep up to date (a page's place in the tree).
        kept = list(getattr(model, "draft_kept_fields", ()))
        if is_publishable(model):
            kept += [n for n in PUBLISHING_FIELDS if n not in draft.publishing_fields]
        for name in kept:
            setattr(item.object, name, getattr(current, name))
    for label, pk in draft.removed:
        part_model = apps.get_model(label)
        part_model._default_manager.filter(pk=pk).delete()
    # The parts first: an item's own save may write some of them (an impact
    # figure records its current value), and finds them in place.
    for found in [*parts, item]:
        obj = found.object
        part_model = type(obj)
        if (part_model._meta.label_lower, obj.pk) in added and (
            part_model._default_manager.filter(pk=obj.pk).exists()
        ):
            # Its key was taken meanwhile (SQLite reuses keys rolled back).
            obj.pk = None
        # Model._state (documented): an object already stored is an update,
        # so that its save compares with the stored row (slugs, addresses).
        obj._state.adding = not (
            obj.pk is not None
            and part_model._default_manager.filter(pk=obj.pk).exists()
        )
        obj.save()
        for name, values in (found.m2m_data or {}).items():
            getattr(obj, name).set(values)
    return item.object


def record(item: models.Model, user, comment) -> None:
    """Put ``item`` in the item's history, inside ``reversion.create_revision``."""
    if reversion.is_registered(type(item)):
        reversion.set_user(user)
        reversion.set_comment(str(comment))
        reversion.add_to_revision(item)


def changes_scheduled() -> None:
    """Call when a scheduled time is set, changed or cleared (on commit)."""
    transaction.on_commit(lambda: cache.delete(NEXT_CHANGE_KEY), robust=True)


def next_change():
    """The next time changes are scheduled to be published, if any."""
    return Draft.objects.aggregate(first=models.Min("publish_at"))["first"]


def forget_drafts(sender, instance, **kwargs):
    """A deleted item's drafts go with it (connected for content models)."""
    Draft.objects.filter(
        content_type=ContentType.objects.get_for_model(sender),
        object_id=instance.pk,
    ).delete()


def due_time() -> float:
    """The next scheduled time as a timestamp (NO_CHANGE: none), cached."""
    stored = cache.get(NEXT_CHANGE_KEY)
    if stored is None:
        moment = next_change()
        stored = moment.timestamp() if moment else NO_CHANGE
        # Not kept for long: a request that read the table just before a
        # schedule committed may store a time that leaves it out.
        cache.set(NEXT_CHANGE_KEY, stored, NEXT_CHANGE_SECONDS)
    return stored


def publish_due_changes(now=None) -> list[Draft]:
    """
    Publish every draft whose time has come, as the publisher who scheduled
    it; a draft whose item was changed meanwhile by someone else is left,
    unscheduled, for staff to look at. Returns the drafts published.
    """
    now = now or timezone.now()
    published = []
    for draft in Draft.objects.due(now).select_related("content_type", "reviewer"):
        try:
            with transaction.atomic():
                # Another process may be publishing it: one of them does.
                locked = (
                    Draft.objects.select_for_update(skip_locked=True)
                    .filter(pk=draft.pk, publish_at__lte=now)
                    .first()
                )
                if locked is None:
                    continue
                item = locked.item()
                if item is None or locked.is_outdated(item):
                    not_published(locked, NOT_PUBLISHED_OUTDATED)
                    continue
                with reversion.create_revision():
                    record(apply_changes(locked), locked.reviewer, PUBLISHED_CHANGES)
                locked.delete()
                published.append(locked)
        except Exception:
            # One draft that cannot be written (its slug taken meanwhile,
            # say) never stops the others, nor waits to be tried again.
            logger.exception("Could not publish scheduled changes %s", draft.pk)
            not_published(draft, NOT_PUBLISHED_FAILED)
    cache.delete(NEXT_CHANGE_KEY)
    return published


def not_published(draft: Draft, reason) -> None:
    """Leave ``draft``'s changes unscheduled, saying why, for staff."""
    Draft.objects.filter(pk=draft.pk).update(publish_at=None, note=str(reason))


class ScheduledChangesMiddleware:
    """
    Publishes changes whose scheduled time has come before the request is
    answered: a cache read per request, a query only when something is due.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            due = due_time()
            if due != NO_CHANGE and due <= timezone.now().timestamp():
                publish_due_changes()
        except DatabaseError:
            pass  # the request's own queries meet it, and say so
        except Exception:
            logger.exception("Could not read the next scheduled change")
        return self.get_response(request)
