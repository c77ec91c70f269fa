import os

from django.core.wsgi import get_wsgi_application

from armcms.cache import CachedPages
from armcms.startup import require_secret_key, warm_up

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "armcms.settings")

require_secret_key()
application = CachedPages(get_wsgi_application())
warm_up()
