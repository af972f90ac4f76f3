"""pghistory's `_pgh_attach_context()` without an exception block.

Every tracked insert, update and delete calls it. pghistory's own version
reads its two settings inside `BEGIN … EXCEPTION WHEN OTHERS`, and when no
context is active (a command, a Celery task, a GET) the read fails and the
block's subtransaction is rolled back. PostgreSQL rolls a subtransaction
back by scanning every after-trigger event the transaction has queued (the
deferred foreign-key checks of each row written so far), so a transaction
writing n tracked rows took time in n²: a 10^4-row ledger import spent
about 55 s of the database's CPU in that scan (docs/performance.md "Ledger
import"). `current_setting(name, true)` answers NULL for a setting never
made, and an empty text (a setting made in an earlier transaction) is no
context either: the same answers, with no subtransaction to roll back.

pghistory installs its version in its migration 0004 only
(PGHISTORY_INSTALL_CONTEXT_FUNC_ON_MIGRATE is off), so this one stays;
tests/core/test_history.py fails should a later pghistory put it back."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION _pgh_attach_context()
RETURNS pghistory_context.id%TYPE AS $$
    DECLARE
        _pgh_context_id UUID := NULLIF(CURRENT_SETTING('pghistory.context_id', true), '');
        _pgh_context_metadata JSONB := NULLIF(CURRENT_SETTING('pghistory.context_metadata', true), '');
    BEGIN
        IF _pgh_context_id IS NOT NULL AND _pgh_context_metadata IS NOT NULL THEN
            INSERT INTO pghistory_context (id, metadata, created_at, updated_at)
                VALUES (_pgh_context_id, _pgh_context_metadata, NOW(), NOW())
                ON CONFLICT (id) DO UPDATE
                    SET metadata = EXCLUDED.metadata,
                        updated_at = EXCLUDED.updated_at
                    WHERE pghistory_context.metadata != EXCLUDED.metadata;
            RETURN _pgh_context_id;
        ELSE
            RETURN NULL;
        END IF;
    END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION, params=None)


def backwards(apps, schema_editor):
    # pghistory's own, as its migration 0004 installs it.
    from pghistory.models import Context

    Context.install_pgh_attach_context_func(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0012_auditevent_view"),
        ("pghistory", "0007_auto_20250421_0444"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
