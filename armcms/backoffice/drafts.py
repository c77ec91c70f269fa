"""
Drafts of changes, review and scheduled changes in a content item's form
(see ``armcms.content.drafts`` for how a draft is kept and published).

- Saving a published item keeps the changes as a draft beside it: always for
  an Editor, for a publisher unless they press *Publish*
  (``armcms.content.publishing.changes_wait``). The form then shows the
  draft, and *Preview the changes* shows it at the item's address.
- *Submit for review* saves and asks the publishers (by email) to look;
  a publisher *publishes*, or *requests changes* with a note the author
  gets by email. Emails go after the save commits; one that cannot be sent
  is logged and shown as a warning, the save kept.
- A publisher can schedule the changes for a time.
- Two people saving the same item: the second save is refused, the input
  kept, with who saved what and when; saving again replaces theirs knowingly.
  Publishing a draft begun before someone else's save of the live item asks
  first, too.
"""

import logging

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, models, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from armcms.content import shown
from armcms.content.drafts import (
    Draft,
    Review,
    apply_changes,
    changes_scheduled,
    keys,
    serialize,
)
from armcms.content.locale import default_language, language_codes
from armcms.content.publishing import (
    changes_wait,
    is_publishable,
    may_publish,
    publish_permission,
    publishing_state,
    shows_publicly,
)
from armcms.pagecache.tags import invalidate

from .preview import PreviewAdminMixin

logger = logging.getLogger(__name__)

EDITED_FROM = "armcms_edited_from"
# The backend that holds staff permissions (the others sign people in).
PERMISSIONS = "django.contrib.auth.backends.ModelBackend"
REPLACE_LIVE = "armcms_replace_live"


class ScheduleForm(forms.Form):
    changes_publish_at = forms.SplitDateTimeField(
        label=_("Publish these changes on"),
        widget=forms.SplitDateTimeWidget(
            date_attrs={"type": "date"}, time_attrs={"type": "time"}
        ),
    )

    def clean_changes_publish_at(self):
        moment = self.cleaned_data["changes_publish_at"]
        if moment <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return moment


def when(moment) -> str:
    return date_format(localtime(moment), "DATETIME_FORMAT")


def name_of(user) -> str:
    if user is None:
        return gettext("Someone")
    return user.get_full_name() or user.get_username()


def edit_token(item, draft) -> str:
    """What a form was opened from: the item's and its changes' last saves."""
    draft_time = draft.changed_at.timestamp() if draft and draft.changed_at else 0
    return f"{item.updated_at.timestamp()}:{draft_time}"


def saved(request, response) -> bool:
    """Whether the admin's save answered by ``response`` went through (its
    ``response_change`` ran), rather than a refusal (of a revert, say)."""
    return response.status_code == 302 and getattr(request, "armcms_saved", False)


def lock(draft):
    """``draft`` read again and locked until the transaction ends."""
    if draft is None:
        return None
    return Draft.objects.select_for_update().filter(pk=draft.pk).first()


def changed_publishing_fields(before, after) -> list[str]:
    """The publishing fields that differ between two states of an item."""
    if not is_publishable(type(before)):
        return []
    old, new = publishing_state(before), publishing_state(after)
    return [name for name in old if old[name] != new[name]]


def last_saved_by(item):
    version = Version.objects.get_for_object(item).select_related("revision__user")
    found = version.first()
    return found.revision.user if found is not None else None


def parent_key(inline) -> models.ForeignKey:
    """
    The foreign key from ``inline``'s model to the item whose form holds it:
    its ``fk_name``, or the one key to the item's model (Django's checks of
    inlines require exactly one). Read from the model, where building the
    inline's formset would work out its form's choices too.
    """
    if inline.fk_name:
        return inline.model._meta.get_field(inline.fk_name)
    return next(
        field
        for field in inline.model._meta.fields
        if isinstance(field, models.ForeignKey)
        and field.related_model is inline.parent_model
    )


def with_draft_state(queryset):
    """``queryset`` with where each item's unpublished work stands:
    ``draft_review`` and ``has_changes``, for a change list's badges."""
    drafts = Draft.objects.filter(
        content_type=ContentType.objects.get_for_model(queryset.model),
        object_id=OuterRef("pk"),
    )
    return queryset.annotate(
        draft_review=Subquery(drafts.values("review")[:1]),
        has_changes=Exists(drafts.filter(changes__isnull=False)),
    )


class DraftAdminMixin(PreviewAdminMixin):
    """For the admin of a ``PublishableModel`` or of a site setting."""

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/review/",
                view(self.review_view),
                name=f"{info}_review",
            ),
            path(
                "<path:object_id>/discard-changes/",
                view(self.discard_view),
                name=f"{info}_discard",
            ),
            path(
                "<path:object_id>/preview/changes/",
                view(self.changes_preview_view),
                name=f"{info}_changes_preview",
            ),
            *super().get_urls(),
        ]

    def url(self, name: str, obj) -> str:
        opts = self.opts
        return reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{name}",
            args=[quote(obj.pk)],
        )

    def draft_parts(self, request, obj):
        """The querysets of the objects saved with ``obj`` by its form."""
        return [
            inline.model._default_manager.filter(**{parent_key(inline).name: obj})
            for inline in self.get_inline_instances(request, obj)
        ]

    def draft_graph(self, request, obj) -> list:
        return [
            obj,
            *(part for queryset in self.draft_parts(request, obj) for part in queryset),
        ]

    # The change form.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return self.with_draft(
            request,
            object_id,
            lambda: super(DraftAdminMixin, self).change_view(
                request, object_id, form_url, extra_context
            ),
            show=True,
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Bringing back an earlier version is a save like any other: of a
        # published item, it waits as a draft unless a publisher publishes.
        return self.with_draft(
            request,
            object_id,
            lambda: super(DraftAdminMixin, self).revision_view(
                request, object_id, version_id, extra_context
            ),
            show=False,
        )

    def with_draft(self, request, object_id, view, show: bool):
        """
        Run ``view``, an admin view of one item, with the item's draft: a
        save goes through ``save_view``; a form ``show``s the draft.
        """
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            return view()
        draft = self.note_draft(request, obj)
        if request.method == "POST":
            return self.save_view(request, obj, draft, view)
        if not show or draft is None or draft.changes is None:
            return view()
        # The form shows the draft: written, drawn, and rolled back.
        try:
            with transaction.atomic():
                apply_changes(draft)
                response = view()
                if hasattr(response, "render"):
                    response.render()
                transaction.set_rollback(True)
        except (DatabaseError, DeserializationError, LookupError):
            logger.exception("Could not show the changes to %s", obj)
            messages.error(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    gettext(
                        "The unpublished changes to this item can no longer be "
                        "written (a slug taken meanwhile, say): the form shows "
                        "the published version."
                    ),
                    self.url("discard", obj),
                    gettext("Discard the changes"),
                ),
            )
            request.armcms_draft = None
            request.armcms_edit_token = edit_token(obj, None)
            return view()
        return response

    def note_draft(self, request, obj):
        """Read ``obj``'s draft, and note for the form what it stands on."""
        draft = Draft.objects.for_item(obj).select_related("author", "reviewer").first()
        request.armcms_draft = draft
        request.armcms_saved_item = obj
        request.armcms_live = shows_publicly(obj)
        request.armcms_edit_token = edit_token(obj, draft)
        return draft

    def save_view(self, request, obj, draft, view):
        """Run ``view``, the form's save; keep what it wrote as a draft when
        the changes wait, or publish the item's draft with it."""
        user = request.user
        publisher = may_publish(user, self.model)
        schedule = "_schedule" in request.POST
        submit = "_submit_review" in request.POST
        if schedule and not (publisher and request.armcms_live):
            raise PermissionDenied
        waits = schedule or changes_wait(user, obj, "_publish" in request.POST)
        request.armcms_changes_wait = waits
        request.armcms_form_errors = self.submission_errors(request, obj, draft, waits)
        schedule_form = ScheduleForm(request.POST if schedule else None)
        if schedule and not schedule_form.is_valid():
            request.armcms_form_errors += [
                f"{schedule_form['changes_publish_at'].label}: {' '.join(errors)}"
                for errors in schedule_form.errors.values()
            ]
        pending = draft is not None and draft.changes is not None
        if not waits and not pending:
            # The item and its draft row in one transaction: a draft saved
            # by someone else meanwhile is not deleted unseen.
            with transaction.atomic():
                draft = lock(draft)
                response = view()
                if saved(request, response):
                    self.after_save(request, obj, draft, submit)
            return response
        live_keys = keys(self.draft_graph(request, obj))
        with transaction.atomic():
            draft = lock(draft)
            pending = draft is not None and draft.changes is not None
            if pending:
                apply_changes(draft)
            response = view()
            if not saved(request, response):
                if hasattr(response, "render"):
                    response.render()
                transaction.set_rollback(True)
                return response
            if waits:
                item = self.model._default_manager.get(pk=obj.pk)
                graph = self.draft_graph(request, item)
                changes, final_keys = serialize(graph), keys(graph)
                publishing_fields = changed_publishing_fields(obj, item)
                moved = any(
                    getattr(obj, name) != getattr(item, name)
                    for name in getattr(self.model, "draft_kept_fields", ())
                )
                transaction.set_rollback(True)
            if not waits:
                self.after_save(request, obj, draft, submit)
                return response
        if moved:
            messages.error(
                request,
                gettext(
                    "Nothing was saved: a page's place in the tree changes when "
                    "it is published. Press Publish to move it (with any other "
                    "changes), or save the changes without the move."
                ),
            )
            return redirect(self.url("change", obj))
        with transaction.atomic():
            draft, _created = Draft.objects.select_for_update().update_or_create(
                content_type=ContentType.objects.get_for_model(self.model),
                object_id=obj.pk,
                defaults={
                    "changes": changes,
                    "removed": sorted(live_keys - final_keys),
                    "added": sorted(final_keys - live_keys),
                    "based_on": draft.based_on if pending else obj.updated_at,
                    "publishing_fields": publishing_fields,
                    "edited_by": user,
                    "changed_at": timezone.now(),
                },
                create_defaults={
                    "changes": changes,
                    "removed": sorted(live_keys - final_keys),
                    "added": sorted(final_keys - live_keys),
                    "based_on": obj.updated_at,
                    "publishing_fields": publishing_fields,
                    "author": user,
                    "edited_by": user,
                    "changed_at": timezone.now(),
                },
            )
            was_scheduled = draft.publish_at
            draft.publish_at = (
                schedule_form.cleaned_data["changes_publish_at"] if schedule else None
            )
            if schedule:
                draft.reviewer = user
            if submit:
                self.submit(request, obj, draft)
            draft.save()
            if was_scheduled or schedule:
                self.schedule_changed(obj)
        message = gettext(
            "Your changes to “%(item)s” are saved as a draft: visitors see the "
            "published version until a publisher publishes them."
        ) % {"item": obj}
        if schedule:
            message = gettext(
                "The changes to “%(item)s” will be published on %(date)s."
            ) % {"item": obj, "date": when(draft.publish_at)}
        elif was_scheduled:
            message += " " + gettext("They are no longer scheduled.")
        messages.success(
            request,
            format_html(
                '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
                message,
                self.url("changes_preview", obj),
                gettext("Preview the changes"),
            ),
        )
        return response

    def schedule_changed(self, obj) -> None:
        """A schedule was set or cleared: pages showing the item, cached
        until the old next transition, are stale (on commit)."""
        changes_scheduled()
        invalidate(shown.changed(obj))

    def submission_errors(self, request, obj, draft, waits) -> list[str]:
        """What stops this save whatever the form holds: someone else saved
        the item since the form was opened, or the live item was changed
        after the draft to publish began."""
        errors = []
        opened_from = request.POST.get(EDITED_FROM)
        if opened_from and opened_from != request.armcms_edit_token:
            if (
                draft is not None
                and draft.changed_at
                and draft.changed_at.timestamp() > obj.updated_at.timestamp()
            ):
                who, at = draft.editor(), draft.changed_at
            else:
                who, at = last_saved_by(obj), obj.updated_at
            errors.append(
                gettext(
                    "%(who)s saved this %(name)s on %(date)s, after you opened "
                    "it. Nothing was saved: your version is below, theirs is "
                    "kept. Open this page in another tab to see theirs; save "
                    "again to replace it with yours."
                )
                % {
                    "who": name_of(who),
                    "name": self.opts.verbose_name,
                    "date": when(at),
                }
            )
        if (
            (not waits or "_schedule" in request.POST)
            and request.armcms_live
            and draft is not None
            and draft.is_outdated(obj)
            and not request.POST.get(REPLACE_LIVE)
        ):
            errors.append(
                gettext(
                    "The published %(name)s was changed by %(who)s on %(date)s, "
                    "after these changes began: publishing them replaces "
                    "that version. Compare them, then tick “Replace the "
                    "published version” to publish."
                )
                % {
                    "name": self.opts.verbose_name,
                    "who": name_of(last_saved_by(obj)),
                    "date": when(obj.updated_at),
                }
            )
        return errors

    def after_save(self, request, obj, draft, submit) -> None:
        """After a save that wrote the item itself (a draft item, or
        changes published): published work leaves review."""
        item = self.model._default_manager.get(pk=obj.pk)
        if draft is not None and draft.publish_at:
            self.schedule_changed(obj)
        if shows_publicly(item):
            if draft is not None:
                draft.delete()
            return
        # The item is its own draft: any changes that waited are in it now.
        with transaction.atomic():
            draft, _created = Draft.objects.update_or_create(
                content_type=ContentType.objects.get_for_model(self.model),
                object_id=obj.pk,
                create_defaults={"author": request.user},
                defaults={
                    "edited_by": request.user,
                    "changed_at": None,
                    "changes": None,
                    "removed": [],
                    "added": [],
                    "based_on": None,
                    "publishing_fields": [],
                    "publish_at": None,
                },
            )
            if submit:
                self.submit(request, item, draft)
                draft.save()

    def response_change(self, request, obj):
        request.armcms_saved = True
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        # A new unpublished item is its author's draft (see "My drafts").
        if not shows_publicly(obj):
            Draft.objects.get_or_create(
                content_type=ContentType.objects.get_for_model(self.model),
                object_id=obj.pk,
                defaults={"author": request.user},
            )
        return super().response_add(request, obj, post_url_continue)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        # A draft's save says so itself; "changed successfully, on the site"
        # would be untrue.
        if getattr(request, "armcms_changes_wait", False) and level < messages.WARNING:
            return
        super().message_user(request, message, level, *args, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        errors = getattr(request, "armcms_form_errors", [])
        if not errors:
            return form

        class Refused(form):
            """The form, with what stops this submission whatever it holds."""

            def clean(self):
                cleaned_data = super().clean()
                changed = ", ".join(str(self[name].label) for name in self.changed_data)
                for message in errors:
                    if changed:
                        message += " " + gettext(
                            "Where your version differs from the saved one: %(fields)s."
                        ) % {"fields": changed}
                    self.add_error(None, message)
                return cleaned_data

        return Refused

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        if change and obj is not None and hasattr(request, "armcms_edit_token"):
            context["drafts"] = self.draft_context(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def draft_context(self, request, obj) -> dict:
        draft = getattr(request, "armcms_draft", None)
        publisher = may_publish(request.user, self.model)
        live = getattr(request, "armcms_live", False)
        pending = draft is not None and draft.changes is not None
        outdated = pending and draft.is_outdated(request.armcms_saved_item)
        in_review = draft is not None and draft.review == Review.IN_REVIEW
        return {
            "draft": draft,
            "pending": pending,
            "live": live,
            "in_review": in_review,
            "changes_requested": draft is not None
            and draft.review == Review.CHANGES_REQUESTED,
            "outdated": outdated,
            "publisher": publisher,
            "may_discard": pending
            and (publisher or draft.author_id == request.user.pk),
            "edit_token": request.armcms_edit_token,
            "live_url": self.preview_address(obj),
            "author": name_of(draft.author) if draft else "",
            "editor": name_of(draft.editor()) if draft else "",
            "reviewer": name_of(draft.reviewer) if draft else "",
            "review_url": self.url("review", obj),
            "discard_url": self.url("discard", obj),
            "changes_preview_url": self.url("changes_preview", obj),
            "schedule_form": ScheduleForm(
                request.POST if "_schedule" in request.POST else None
            )
            if publisher and live
            else None,
        }

    # Review.

    def submit(self, request, item, draft) -> None:
        """Put ``draft`` (unsaved) in review and tell the publishers."""
        draft.review = Review.IN_REVIEW
        draft.note = request.POST.get("review_note", "").strip()[:2000]
        publishers = (
            get_user_model()
            .objects.with_perm(publish_permission(self.model), backend=PERMISSIONS)
            .filter(is_active=True)
            .exclude(email="")
            .exclude(pk=request.user.pk)
        )
        self.send_later(
            request,
            "admin/email/review_requested",
            [user.email for user in publishers],
            item,
            note=draft.note,
            who=name_of(request.user),
        )
        messages.info(
            request,
            gettext("“%(item)s” is waiting for review by a publisher.")
            % {"item": item},
        )

    def review_view(self, request, object_id):
        """A publisher's *Request changes*, or the author's withdrawal."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        draft = Draft.objects.for_item(obj).select_related("author").first()
        if draft is None or draft.review != Review.IN_REVIEW:
            messages.error(request, gettext("This item is not waiting for review."))
            return redirect(self.url("change", obj))
        action = request.POST.get("review_action")
        note = request.POST.get("review_note", "").strip()[:2000]
        if action == "request_changes":
            if not may_publish(request.user, self.model):
                raise PermissionDenied
            if not note:
                messages.error(
                    request, gettext("Say what should change, in the review note.")
                )
                return redirect(self.url("change", obj))
            draft.review, draft.note, draft.reviewer = (
                Review.CHANGES_REQUESTED,
                note,
                request.user,
            )
            with transaction.atomic():
                draft.save()
                self.send_later(
                    request,
                    "admin/email/changes_requested",
                    [draft.author.email] if draft.author and draft.author.email else [],
                    obj,
                    note=note,
                    who=name_of(request.user),
                )
            messages.success(
                request,
                gettext(
                    "Changes requested: the note is on the form, and sent to %(who)s."
                )
                % {"who": name_of(draft.author)},
            )
        elif action == "withdraw":
            if not (
                may_publish(request.user, self.model)
                or draft.author_id == request.user.pk
            ):
                raise PermissionDenied
            draft.review = Review.NONE
            draft.save()
            messages.success(request, gettext("No longer waiting for review."))
        else:
            return HttpResponseBadRequest(gettext("Unknown review action."))
        return redirect(self.url("change", obj))

    def send_later(self, request, template, recipients, item, **context) -> None:
        """Send an email once the save commits; say so if it cannot go."""
        if not recipients:
            return
        context = {
            **context,
            "item": item,
            "name": self.opts.verbose_name,
            "url": request.build_absolute_uri(self.url("change", item)),
            "preview_url": request.build_absolute_uri(
                self.url("changes_preview", item)
            ),
        }
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)

        def send():
            try:
                send_mail(subject, body, None, recipients)
            except Exception:
                logger.exception("Could not send the email “%s”", subject)
                messages.warning(
                    request,
                    gettext(
                        "The email “%(subject)s” could not be sent: the save is "
                        "kept; tell them yourself."
                    )
                    % {"subject": subject},
                )

        transaction.on_commit(send)

    # Discarding and previewing the changes.

    def discard_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        draft = Draft.objects.for_item(obj).select_related("author").first()
        if draft is None or draft.changes is None:
            messages.info(request, gettext("There are no changes to discard."))
            return redirect(self.url("change", obj))
        if not (
            self.has_change_permission(request, obj)
            and (
                may_publish(request.user, self.model)
                or draft.author_id == request.user.pk
            )
        ):
            raise PermissionDenied
        if request.method == "POST":
            with transaction.atomic():
                if draft.publish_at:
                    self.schedule_changed(obj)
                draft.delete()
            messages.success(
                request,
                gettext("The changes to “%(item)s” were discarded.") % {"item": obj},
            )
            return redirect(self.url("change", obj))
        return TemplateResponse(
            request,
            "admin/discard_changes.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": gettext("Discard the changes?"),
                "object": obj,
                "draft": draft,
                "author": name_of(draft.author),
                "date": when(draft.updated_at),
                "change_url": self.url("change", obj),
            },
        )

    def render_preview(self, request, obj, data, language):
        # The form being previewed shows the draft (its sections included):
        # the preview starts from it too. The caller rolls back.
        draft = Draft.objects.for_item(obj).first() if obj is not None else None
        if draft is not None and draft.changes is not None:
            obj = self.get_object(request, str(apply_changes(draft).pk))
        return super().render_preview(request, obj, data, language)

    def changes_preview_view(self, request, object_id):
        """The item's public page with its draft's changes, nothing saved."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        draft = Draft.objects.for_item(obj).first()
        language = request.GET.get("language")
        if language not in language_codes():
            language = default_language()
        with transaction.atomic():
            item = apply_changes(draft) if draft and draft.changes else obj
            response = self.render_public(request, item, language, saved=True)
            transaction.set_rollback(True)
        return response
