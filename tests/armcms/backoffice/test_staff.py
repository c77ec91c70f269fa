"""Staff added on one screen, with their role, and a welcome email whose link
lets them choose their own password."""

import re
import smtplib

import pytest
from django.contrib.auth.models import User
from django.core import mail

pytestmark = pytest.mark.django_db

ADD = "/admin/auth/user/add/"


def staff_form(**changes) -> dict:
    return {
        "username": "lucia",
        "first_name": "Lucía",
        "last_name": "Pérez",
        "email": "lucia@example.org",
        "role": "Editor",
        **changes,
    }


class RefusingBackend:
    """An email server that refuses every message."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({})


def link_in(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


# The email goes when the account is committed, within the request: these
# tests commit, as the site does.
@pytest.mark.django_db(transaction=True)
def test_a_new_staff_member_gets_their_role_and_chooses_a_password(
    admin_client, client
):
    response = admin_client.post(ADD, staff_form(role="Publisher"), follow=True)
    assert "A welcome email" in response.content.decode()
    lucia = User.objects.get(username="lucia")
    assert lucia.is_staff and not lucia.is_superuser
    assert [group.name for group in lucia.groups.all()] == ["Publisher"]
    assert not lucia.has_usable_password()
    (welcome,) = mail.outbox
    assert welcome.to == ["lucia@example.org"]
    assert welcome.subject == "Your account on Alliance for Responsible Mining"
    assert "Hello Lucía Pérez," in welcome.body and "lucia" in welcome.body

    # The link leads to a form where she chooses her password, once.
    link = link_in(welcome)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password = form_page.redirect_chain[-1][0]
    password = "a long passphrase of my own"
    done = client.post(
        set_password,
        {"new_password1": password, "new_password2": password},
        follow=True,
    )
    assert done.status_code == 200
    lucia.refresh_from_db()
    assert lucia.check_password(password)
    again = client.get(link, follow=True).content.decode()
    assert "invalid" in again.lower()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"role": ""}, "role"),
        ({"role": "Superuser"}, "role"),
        ({"email": ""}, "email"),
        ({"email": "not an address"}, "email"),
        ({"email": "ROOT@example.org"}, "email"),
        ({"username": ""}, "username"),
    ],
)
def test_bad_input_is_a_form_error_and_makes_no_account(admin_client, changes, field):
    User.objects.filter(is_superuser=True).update(email="root@example.org")
    response = admin_client.post(ADD, staff_form(**changes))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not User.objects.filter(username="lucia").exists()
    assert not mail.outbox


@pytest.mark.django_db(transaction=True)
def test_an_email_that_cannot_be_sent_keeps_the_account_and_says_so(
    admin_client, settings, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    response = admin_client.post(ADD, staff_form(), follow=True)
    assert response.status_code == 200
    assert "could not be sent to lucia" in response.content.decode()
    assert User.objects.filter(username="lucia", is_staff=True).exists()
    assert "Could not send the welcome email" in caplog.text


def test_a_new_link_is_sent_on_request(admin_client):
    lucia = User.objects.create_user("lucia", "lucia@example.org", is_staff=True)
    response = admin_client.post(
        "/admin/auth/user/",
        {"action": "send_welcome_again", "_selected_action": [lucia.pk]},
        follow=True,
    )
    assert "A welcome email" in response.content.decode()
    assert mail.outbox[0].to == ["lucia@example.org"]


def test_only_superusers_add_staff(client, django_user_model):
    from tests.armcms.admin_helpers import sign_in

    publisher = sign_in(client, django_user_model, "Publisher")
    assert publisher.post(ADD, staff_form()).status_code == 403
    assert not User.objects.filter(username="lucia").exists()
