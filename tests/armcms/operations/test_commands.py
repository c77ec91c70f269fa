import io
import re

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


def ensure_admin(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("ensure_admin", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_ensure_admin_creates_one_superuser_with_a_random_password():
    output = ensure_admin()
    password = re.search(r"password: (\S+)", output).group(1)
    assert len(password) >= 16
    # django-axes counts sign-ins per request, so authenticate() needs one.
    user = authenticate(RequestFactory().post("/"), username="admin", password=password)
    assert user.is_superuser

    assert "already exists" in ensure_admin()
    assert get_user_model().objects.count() == 1


def test_ensure_admin_passwords_differ_between_sites():
    first = re.search(r"password: (\S+)", ensure_admin()).group(1)
    get_user_model().objects.all().delete()
    second = re.search(r"password: (\S+)", ensure_admin()).group(1)
    assert first != second


def test_ensure_admin_leaves_an_ordinary_user_of_that_name_alone():
    get_user_model().objects.create_user("admin", password="x" * 12)
    assert "not a superuser" in ensure_admin()
    assert not get_user_model().objects.filter(is_superuser=True).exists()


@pytest.mark.parametrize("username", ["", "no spaces", "semi;colon"])
def test_ensure_admin_refuses_a_bad_username(username):
    with pytest.raises(CommandError, match="not a valid username"):
        ensure_admin("--username", username)
    assert not get_user_model().objects.exists()
