import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
application = get_wsgi_application()

from fazhi.core import collecting  # noqa: E402 - after Django is set up

collecting.after_loading()
