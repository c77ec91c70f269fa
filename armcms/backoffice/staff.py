"""
Staff accounts, added on one screen: a name, an email address and a role
(Editor or Publisher). The new account has no password; a welcome email
brings a link (Django's password-reset token, good for
``PASSWORD_RESET_TIMEOUT``) where the person chooses their own, so nobody
else ever knows it. A link that expired is sent again with the list's
action. An email that cannot be sent never undoes the account: it is logged
and the admin says so.
"""

import logging

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from armcms.content.identity import saved_identity

from .roles import EDITOR, PUBLISHER

logger = logging.getLogger(__name__)

User = get_user_model()


class StaffCreationForm(forms.ModelForm):
    """A new staff member: who they are, how to reach them, what they do."""

    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (EDITOR, _("Editor: writes and edits; publishes nothing")),
            (PUBLISHER, _("Publisher: also publishes, and runs the site's settings")),
        ],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _(
            "The welcome email goes here, with a link to choose a password."
        )

    def clean_email(self):
        email = self.cleaned_data["email"]
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("A staff account already uses this email address.")
            )
        return email

    def save(self, commit=True):
        user = super().save(commit=False)
        user.is_staff = True
        user.set_unusable_password()
        if commit:
            user.save()
        return user


def set_password_link(request, user) -> str:
    return request.build_absolute_uri(
        reverse(
            "staff_set_password",
            args=[
                urlsafe_base64_encode(force_bytes(user.pk)),
                default_token_generator.make_token(user),
            ],
        )
    )


def send_welcome(request, user) -> bool:
    """The welcome email with the link to choose a password; whether it went."""
    context = {
        "user": user,
        "site_name": saved_identity().site_name,
        "link": set_password_link(request, user),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        "sign_in": request.build_absolute_uri(reverse("admin:index")),
    }
    try:
        send_mail(
            render_to_string("registration/welcome_subject.txt", context).strip(),
            render_to_string("registration/welcome_email.txt", context),
            None,
            [user.email],
        )
    except Exception:  # SMTP, DNS, a refused address: the account stays.
        logger.exception("Could not send the welcome email to user %s", user.pk)
        return False
    return True


class StaffAdmin(UserAdmin):
    """Django's users, added with a role and a welcome email."""

    add_form = StaffCreationForm
    add_fieldsets = [
        (None, {"fields": ["username", "first_name", "last_name", "email", "role"]})
    ]
    list_display = [
        "username",
        "email",
        "first_name",
        "last_name",
        "roles",
        "is_active",
    ]
    actions = ["send_welcome_again"]

    @admin.display(description=_("role"))
    def roles(self, obj):
        names = [group.name for group in obj.groups.all()]
        return ", ".join(names) or ("—" if not obj.is_superuser else _("superuser"))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            obj.groups.add(Group.objects.get(name=form.cleaned_data["role"]))
            transaction.on_commit(lambda: self.welcome(request, [obj]))

    @admin.action(description=_("Send the welcome email again (a new link)"))
    def send_welcome_again(self, request, queryset):
        self.welcome(request, queryset.exclude(email=""))

    def welcome(self, request, users) -> None:
        users = list(users)
        failed = [
            user.get_username() for user in users if not send_welcome(request, user)
        ]
        sent = len(users) - len(failed)
        if sent:
            self.message_user(
                request,
                ngettext(
                    "A welcome email with a link to choose a password was sent.",
                    "%(count)d welcome emails with a link to choose a password "
                    "were sent.",
                    sent,
                )
                % {"count": sent},
                messages.SUCCESS,
            )
        if failed:
            self.message_user(
                request,
                gettext(
                    "The welcome email could not be sent to %(names)s: the "
                    "account is kept. Check the site's email settings "
                    "(EMAIL_URL), then use “Send the welcome email again”."
                )
                % {"names": ", ".join(failed)},
                messages.WARNING,
            )
