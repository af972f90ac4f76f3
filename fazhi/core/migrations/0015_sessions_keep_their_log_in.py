"""Sessions opened under Django's backend name keep their log-in.

Django's auth reads a session's user through the backend whose dotted path the
session stored at log-in, and only if that path is still in
AUTHENTICATION_BACKENDS. The shell's one-query backend
(core.backends.ModelBackend) replaced django.contrib.auth.backends.ModelBackend
there, so every open session would have been logged out once, at the upgrade,
in the middle of a clerk's form. The two backends load the same user, so a
session's stored path is renamed instead. Sessions that cannot be decoded (an
old SECRET_KEY) are left alone: Django already treats them as logged out."""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import migrations
from django.utils import timezone

OLD = "django.contrib.auth.backends.ModelBackend"
NEW = "fazhi.core.backends.ModelBackend"


def rename(apps, schema_editor, old=OLD, new=NEW):
    from django.contrib.sessions.backends.db import SessionStore

    Session = apps.get_model("sessions", "Session")
    store = SessionStore()
    live = Session.objects.using(schema_editor.connection.alias).filter(
        expire_date__gt=timezone.now()
    )
    for session in live.iterator():
        data = store.decode(session.session_data)
        if data.get(BACKEND_SESSION_KEY) == old:
            data[BACKEND_SESSION_KEY] = new
            session.session_data = store.encode(data)
            session.save(update_fields=["session_data"])


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0014_importjob_mapping_in_file_order"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
