import pytest

from tests.armcms.admin_helpers import sign_in


@pytest.fixture
def publisher(client, django_user_model):
    return sign_in(client, django_user_model, "Publisher")


@pytest.fixture
def editor(client, django_user_model):
    return sign_in(client, django_user_model, "Editor")
