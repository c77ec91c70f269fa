import os

# Before anything that reads the settings: armcms.startup imports modules
# that read them when they load.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "armcms.settings")

from django.core.asgi import get_asgi_application

from armcms.startup import require_secret_key

require_secret_key()
application = get_asgi_application()
