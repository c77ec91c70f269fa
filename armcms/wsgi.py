import os

# Before anything that reads the settings: armcms.pagecache and armcms.startup
# import modules that read them when they load.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "armcms.settings")

from django.core.wsgi import get_wsgi_application

from armcms.pagecache.wsgi import CachedPages
from armcms.startup import require_secret_key, warm_up

require_secret_key()
application = CachedPages(get_wsgi_application())
warm_up()
