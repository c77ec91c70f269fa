"""Locked down by default: HTTPS, response headers, staff sign-in."""

import json
import secrets

import pytest
from axes.helpers import get_client_ip_address
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from armcms.backoffice.roles import EDITOR, PUBLISHER
from tests.armcms.test_settings import run_python
from tests.news.factories import NewsArticleFactory
from tests.pages.factories import PageFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def test_production_settings_pass_the_deploy_check():
    production = {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "cms.example.org",
    }
    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING",
                        **production)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
    # The check does find what is missing, e.g. with HSTS turned off.
    weaker = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING",
                        **production, SECURE_HSTS_SECONDS="0")  # fmt: skip
    assert weaker.returncode != 0
    assert "security.W004" in weaker.stderr


def test_the_back_office_address_is_configurable():
    result = run_python(
        "-c",
        "import django; django.setup(); from django.test import Client; "
        "from django.urls import reverse; "
        "print(reverse('admin:index'), reverse('two_factor:login')); "
        "print(Client().get('/robots.txt').content.decode())",
        DEBUG="true",
        ALLOWED_HOSTS="testserver",
        ADMIN_URL="/back-office-7f3/",
    )
    assert result.returncode == 0, result.stderr
    first_line, robots = result.stdout.split("\n", 1)
    assert first_line == "/back-office-7f3/ /back-office-7f3/account/login/"
    assert "back-office" not in robots
    assert "/admin/" not in robots


def assert_common_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    script_src = directive(policy, "script-src")
    assert script_src == ["'self'"]


def directive(policy: str, name: str) -> list[str]:
    for part in policy.split(";"):
        words = part.split()
        if words and words[0] == name:
            return words[1:]
    raise AssertionError(f"{name} missing from {policy}")


@pytest.mark.parametrize("url", ["/", "/news/", "/search/?q=gold", "/no-such-page/"])
def test_public_pages_carry_the_security_headers(client, url):
    NewsArticleFactory()
    response = client.get(url)
    assert_common_headers(response)
    assert directive(response["Content-Security-Policy"], "style-src") == ["'self'"]


def test_cached_pages_keep_the_security_headers(client):
    client.get("/")
    response = client.get("/")
    assert response["X-Page-Cache"] == "hit"
    assert_common_headers(response)


def test_the_admin_has_its_own_policy(admin_client):
    response = admin_client.get(reverse("admin:news_newsarticle_add"))
    assert response.status_code == 200
    assert_common_headers(response)
    policy = response["Content-Security-Policy"]
    # CKEditor 5 sets inline styles; scripts stay our own files only.
    assert "'unsafe-inline'" in directive(policy, "style-src")
    assert "blob:" in directive(policy, "img-src")
    assert "unsafe-eval" not in policy


def test_http_is_redirected_to_https_and_told_to_stay(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/news/?page=2")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/news/?page=2"
    secure = client.get("/news/", secure=True)
    assert secure.status_code == 200
    assert "max-age=31536000" in secure["Strict-Transport-Security"]


def test_behind_a_tls_proxy_the_forwarded_scheme_counts(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get("/news/", HTTP_X_FORWARDED_PROTO="https").status_code == 200
    assert client.get("/news/", HTTP_X_FORWARDED_PROTO="http").status_code == 301


def test_weak_passwords_are_refused():
    for weak in ["password123", "12345678901234", "short"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password(PASSWORD)


# Signing in: django-two-factor-auth's wizard, counted by django-axes.


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("two_factor:login"),
        {
            "login_view-current_step": "auth",
            "auth-username": username,
            "auth-password": password,
        },
        REMOTE_ADDR=address,
    )


def give_token(client, step, token, address="10.0.0.1"):
    return client.post(
        reverse("two_factor:login"),
        {"login_view-current_step": step, f"{step}-otp_token": token},
        REMOTE_ADDR=address,
    )


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "ana", "ana@example.org", PASSWORD, is_staff=True
    )


def test_the_admin_login_page_is_the_two_factor_one(client):
    response = client.get(reverse("admin:login") + "?next=/admin/news/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor:login"))
    assert "next=/admin/news/" in response["Location"]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'name="auth-password"' in page.content.decode()


def test_repeated_failures_lock_the_account_out_until_reset(client, staff, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        assert sign_in(client, "ana", "wrong").status_code == 200
    locked = sign_in(client, "ana", "wrong")
    assert locked.status_code == 429
    assert "Sign-in locked" in locked.content.decode()
    # Even the right password is refused from that address now...
    assert sign_in(client, "ana", PASSWORD).status_code == 429
    # ...but not from another one, so a guesser cannot lock staff out.
    assert sign_in(client, "ana", PASSWORD, address="10.0.0.2").status_code == 302
    client.logout()
    call_command("axes_reset_username", "ana")
    assert sign_in(client, "ana", PASSWORD).status_code == 302


@pytest.fixture
def publisher(staff):
    staff.groups.add(Group.objects.get(name=PUBLISHER))
    return staff


def test_publishers_must_set_up_a_second_factor(client, publisher, settings):
    settings.REQUIRE_2FA = True
    assert sign_in(client, "ana", PASSWORD).status_code == 302
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert client.get(response["Location"]).url == reverse("two_factor:setup")


def test_editors_may_sign_in_with_a_password(client, staff, settings):
    settings.REQUIRE_2FA = True
    staff.groups.add(Group.objects.get(name=EDITOR))
    assert sign_in(client, "ana", PASSWORD).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_code_from_the_app_opens_the_admin(client, publisher, settings):
    settings.REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=publisher, name="default")
    step = sign_in(client, "ana", PASSWORD)
    assert step.status_code == 200  # the wizard asks for the code
    assert "token-otp_token" in step.content.decode()
    wrong = give_token(client, "token", "000000")
    assert wrong.status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302
    # django-otp slows guessing down after a failure; a real person waits.
    device.refresh_from_db()
    device.throttle_reset()
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
    assert give_token(client, "token", code).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_backup_code_opens_the_admin_once(client, publisher, settings):
    settings.REQUIRE_2FA = True
    TOTPDevice.objects.create(user=publisher, name="default")
    backup = StaticDevice.objects.create(user=publisher, name="backup")
    backup.token_set.create(token="kq7pz2m4")
    sign_in(client, "ana", PASSWORD)
    assert give_token(client, "backup", "kq7pz2m4").status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    assert not backup.token_set.exists()


def test_sessions_end_with_the_browser_and_after_a_working_day(client, staff):
    sign_in(client, "ana", PASSWORD)
    cookie = client.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert client.session.get_expiry_age() <= 8 * 60 * 60
    assert cookie["httponly"] is True


# Behind a TLS proxy (TRUSTED_PROXY_COUNT=1) every request comes from the
# proxy's address; the visitor's is the one the proxy adds to X-Forwarded-For.

PROXY = "127.0.0.1"
GUESSER = "203.0.113.5"
COLLEAGUE = "198.51.100.7"

AXES_PROXY_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    name: getattr(settings, name, None)
    for name in ("AXES_IPWARE_PROXY_COUNT", "AXES_IPWARE_META_PRECEDENCE_ORDER",
                 "IPWARE_STRICT")
}))
"""


def behind_proxies(settings, count):
    """The settings armcms/settings.py makes of TRUSTED_PROXY_COUNT=count."""
    result = run_python("-c", AXES_PROXY_SETTINGS, TRUSTED_PROXY_COUNT=str(count))
    assert result.returncode == 0, result.stderr
    for name, value in json.loads(result.stdout).items():
        if value is not None:
            setattr(settings, name, value)


@pytest.fixture
def behind_one_proxy(settings):
    behind_proxies(settings, 1)


def sign_in_through_proxy(client, password, forwarded_for):
    return client.post(
        reverse("two_factor:login"),
        {
            "login_view-current_step": "auth",
            "auth-username": "ana",
            "auth-password": password,
        },
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_a_proxy_a_guesser_cannot_lock_staff_out(
    client, staff, behind_one_proxy
):
    for _ in range(4):
        assert sign_in_through_proxy(client, "wrong", GUESSER).status_code == 200
    assert sign_in_through_proxy(client, "wrong", GUESSER).status_code == 429
    # The guesser's own address is locked, even with the right password...
    assert sign_in_through_proxy(client, PASSWORD, GUESSER).status_code == 429
    # ...but the staff member, behind the same proxy, signs in.
    signed_in = sign_in_through_proxy(client, PASSWORD, COLLEAGUE)
    assert signed_in.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_behind_a_proxy_a_forged_forwarded_address_counts_for_nothing(
    client, staff, behind_one_proxy
):
    # The proxy appends the address it saw to whatever the guesser sent: the
    # forged entries to its left are ignored, so rotating them escapes nothing
    # and claiming a colleague's address locks only the guesser.
    for forged in ["10.9.9.1", COLLEAGUE, "10.9.9.3", COLLEAGUE, "10.9.9.5"]:
        sign_in_through_proxy(client, "wrong", f"{forged}, {GUESSER}")
    assert sign_in_through_proxy(client, PASSWORD, GUESSER).status_code == 429
    assert sign_in_through_proxy(client, PASSWORD, COLLEAGUE).status_code == 302


def test_without_a_proxy_the_forwarded_header_is_not_trusted(client, staff):
    for forwarded in ["10.9.9.1", "10.9.9.2", "10.9.9.3", "10.9.9.4", "10.9.9.5"]:
        sign_in_through_proxy(client, "wrong", forwarded)
    # Counted by the connection's own address, whatever the header claims.
    assert sign_in_through_proxy(client, PASSWORD, COLLEAGUE).status_code == 429


def test_behind_two_proxies_the_visitor_is_the_second_address_from_the_right(
    rf, settings
):
    behind_proxies(settings, 2)
    request = rf.post(
        "/",
        REMOTE_ADDR=PROXY,  # the inner proxy
        # forged by the visitor, the visitor (added by the outer proxy), the
        # outer proxy (added by the inner one)
        HTTP_X_FORWARDED_FOR=f"10.9.9.1, {COLLEAGUE}, 192.0.2.10",
    )
    assert get_client_ip_address(request) == COLLEAGUE


# Videos: a page showing one lets in its provider's player, and only it.


def video_embed(url: str) -> str:
    return f'<figure class="media"><oembed url="{url}"></oembed></figure>'


def test_pages_without_a_video_let_in_no_frame(client):
    article = NewsArticleFactory(body="<p>Words only.</p>")
    for response in (client.get(article.get_absolute_url()), client.get("/")):
        policy = response["Content-Security-Policy"]
        assert "frame-src" not in policy
        assert directive(policy, "default-src") == ["'self'"]
        assert "youtube" not in policy and "vimeo" not in policy


@pytest.mark.parametrize(
    ("addresses", "frames"),
    [
        (["https://youtu.be/Ab3_-xYz789"], ["https://www.youtube-nocookie.com"]),
        (["https://vimeo.com/76979871"], ["https://player.vimeo.com"]),
        (
            ["https://vimeo.com/76979871", "https://youtu.be/Ab3_-xYz789"],
            ["https://player.vimeo.com", "https://www.youtube-nocookie.com"],
        ),
    ],
)
def test_a_page_with_videos_lets_in_their_players_even_from_the_cache(
    client, addresses, frames
):
    article = NewsArticleFactory(body="".join(map(video_embed, addresses)))
    built = client.get(article.get_absolute_url())
    cached = client.get(article.get_absolute_url())
    assert (built["X-Page-Cache"], cached["X-Page-Cache"]) == ("miss", "hit")
    for response in (built, cached):
        assert_common_headers(response)
        policy = response["Content-Security-Policy"]
        assert directive(policy, "frame-src") == frames
        assert directive(policy, "default-src") == ["'self'"]
        assert directive(policy, "script-src") == ["'self'"]
    assert cached["Content-Security-Policy"] == built["Content-Security-Policy"]
    # The next page, without a video, is as strict as ever, cached or not.
    other = NewsArticleFactory(body="<p>Words only.</p>")
    for _ in range(2):
        assert (
            "frame-src"
            not in client.get(other.get_absolute_url())["Content-Security-Policy"]
        )


def test_a_page_section_video_lets_in_its_player(client):
    page = PageFactory(title_en="Our films")
    page.sections.create(kind="video", video_url="https://vimeo.com/76979871")
    response = client.get(page.get_absolute_url())
    assert directive(response["Content-Security-Policy"], "frame-src") == [
        "https://player.vimeo.com"
    ]
