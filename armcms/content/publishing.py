"""
Who may change what the public sees: the one rule every back-office path
asks before it writes (change forms, bulk actions, list edits, delete,
revert and recover).

Publishers publish, unpublish, schedule, feature and delete live content and
change the site's settings (homepage, impact figures). Editors write: they
add and change drafts, and revert or recover items where the result leaves
the public site as it was. Changes to a published item wait beside it as a
draft (armcms.content.drafts) until a publisher publishes them: an
Editor's always, a publisher's unless they publish.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import PublishableModel, Status

# The fields of a publishable item that decide whether and how the public
# sees it; changing any of them on a live item is publishing.
PUBLISHING_FIELDS = ["status", "published_at", "expires_at", "is_featured"]

PUBLISH_REFUSED = _("Only publishers can publish. A publisher publishes your draft.")
UNPUBLISH_REFUSED = _("Only publishers can unpublish.")
SCHEDULE_REFUSED = _(
    "Only publishers can change the schedule or featuring of published content."
)
FEATURE_REFUSED = _("Only publishers can feature items.")
OTHER_LIVE_ITEM_REFUSED = _(
    "it is published, and only publishers bring back its versions with others'."
)


def is_publishable(model) -> bool:
    return issubclass(model, PublishableModel)


def permission(model: type[models.Model], action: str) -> str:
    opts = model._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


def publish_permission(model: type[models.Model]) -> str:
    """The permission to change what the public sees of ``model``: publish
    for content, change (which only publishers hold) for site settings such
    as the homepage."""
    return permission(model, "publish" if is_publishable(model) else "change")


def may_publish(user, model: type[models.Model]) -> bool:
    """Whether ``user`` may change what the public sees of ``model``."""
    return user.has_perm(publish_permission(model))


def is_live(state: dict | None) -> bool:
    """Whether an item in the publishing ``state`` is published (on the
    site, scheduled or expired): what the public sees of it is its row."""
    return state is not None and state["status"] == Status.PUBLISHED


def shows_publicly(item: models.Model) -> bool:
    """Whether what the public sees of ``item`` is its row: a published
    item (on the site, scheduled or expired), or any site setting (the
    homepage, the site's identity, an impact figure)."""
    if is_publishable(type(item)):
        return is_live(publishing_state(item))
    return True


def changes_wait(user, item: models.Model, publish: bool) -> bool:
    """
    Whether a save by ``user`` of ``item`` (as saved now) keeps its changes
    as a draft beside it: always for what the public sees, unless a
    publisher asked to ``publish`` them.
    """
    return shows_publicly(item) and not (publish and may_publish(user, type(item)))


def directly_changeable(user, model, queryset):
    """The items of ``queryset`` a bulk change by ``user`` may write: all of
    them for a publisher; for an Editor the unpublished ones, since changes
    to a published item wait as a draft in its form."""
    if not is_publishable(model) or may_publish(user, model):
        return queryset
    return queryset.exclude(status=Status.PUBLISHED)


def publishing_state(values) -> dict | None:
    """
    The publishing fields of an item, from an instance or a dict of field
    values (a form's, a version's); None for an item that does not exist.
    """
    if values is None:
        return None
    if isinstance(values, models.Model):
        # A setting (an impact figure) has none: nothing to publish.
        values = {name: getattr(values, name, None) for name in PUBLISHING_FIELDS}
    state = {name: values.get(name) for name in PUBLISHING_FIELDS}
    # Forms show times to the second; a microsecond is no change.
    for name in ("published_at", "expires_at"):
        if state[name] is not None:
            state[name] = state[name].replace(microsecond=0)
    return state


def refusals(user, model, before: dict | None, after: dict | None) -> dict:
    """
    Why ``user`` may not take an item of ``model`` from the publishing state
    ``before`` to ``after`` (see ``publishing_state``; None is "no item"):
    ``{field name or None: message}``, empty when the change is allowed.
    """
    if may_publish(user, model):
        return {}
    if not is_publishable(model):
        return {
            None: _("Only publishers can change the %(name)s.")
            % {"name": model._meta.verbose_name}
        }
    was_live = before is not None and before["status"] == Status.PUBLISHED
    will_be_live = after is not None and after["status"] == Status.PUBLISHED
    if will_be_live and not was_live:
        return {"status": PUBLISH_REFUSED}
    if was_live and not will_be_live:
        return {"status": UNPUBLISH_REFUSED}
    if was_live:
        return {
            name: SCHEDULE_REFUSED
            for name in PUBLISHING_FIELDS
            if name != "status" and before[name] != after[name]
        }
    if bool(before and before["is_featured"]) != bool(after and after["is_featured"]):
        return {"is_featured": FEATURE_REFUSED}
    return {}


def locked_fields(user, model, state: dict | None) -> list[str]:
    """The publishing fields ``user`` may not change on an item in the
    publishing ``state`` (None: a new item), shown disabled in its form."""
    if not is_publishable(model) or may_publish(user, model):
        return []
    if state is not None and state["status"] == Status.PUBLISHED:
        return list(PUBLISHING_FIELDS)
    return ["status", "is_featured"]


def may_delete(user, model, queryset) -> bool:
    """Deleting a published item (live, scheduled or expired) is publishing."""
    if not is_publishable(model) or may_publish(user, model):
        return True
    return not queryset.filter(status=Status.PUBLISHED).exists()


def may_rearrange(user, model, queryset) -> bool:
    """
    Moving items (a branch of pages) changes the address of each: publishing,
    when any of them is published, as deleting them would be.
    """
    return may_delete(user, model, queryset)


def revert_refusals(user, versions, target=None) -> list[str]:
    """
    Why ``user`` may not write ``versions`` back (a revert or a recovery
    writes every version of the revision): one message per item whose
    publishing state it would change, and, for an Editor, per published item
    it would change other than ``target`` (the version opened, whose
    changes wait as a draft). Empty when the revert is allowed.
    """
    reasons = []
    for version in versions:
        model = version.content_type.model_class()
        if model is None:
            continue
        if is_publishable(model):
            current = model._default_manager.filter(pk=version.object_id).first()
            reasons_for_item = refusals(
                user,
                model,
                publishing_state(current),
                publishing_state(version.field_dict),
            )
            if (
                not reasons_for_item
                and version != target
                and is_live(publishing_state(current))
                and not may_publish(user, model)
            ):
                reasons_for_item = {None: OTHER_LIVE_ITEM_REFUSED}
        else:
            reasons_for_item = refusals(user, model, None, None)
        for reason in reasons_for_item.values():
            reasons.append(
                _("%(item)s: %(reason)s")
                % {"item": version.object_repr, "reason": reason}
            )
    return reasons
