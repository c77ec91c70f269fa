import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create a superuser with a random password if the site has none. "
        "The password is printed once; nothing is stored in plain text."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="admin@example.org")

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "An admin account already exists. To set a new password: "
                "python manage.py changepassword USERNAME"
            )
            return
        try:
            User.username_validator(username)
            if not username:
                raise ValidationError("empty")
        except ValidationError as error:
            raise CommandError(
                f'"{username}" is not a valid username: use letters, digits '
                "and @/./+/-/_ only."
            ) from error
        if User.objects.filter(username=username).exists():
            self.stderr.write(
                f'A user named "{username}" exists but is not a superuser; '
                "choose another name with --username."
            )
            return
        password = secrets.token_urlsafe(16)
        User.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the admin account.\n"
                f"  username: {username}\n"
                f"  password: {password}\n"
                "Keep the password now: it is not shown again."
            )
        )
