# The cross-module search index (issue 18). The model's rows are portable; the
# engines' structures are created for their database only: on PostgreSQL a
# generated tsvector column with a GIN index and pg_trgm GIN indexes, on SQLite
# an FTS5 table kept by triggers (core/models/search.py).

import django.db.models.deletion
from django.db import migrations, models

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """ALTER TABLE core_searchentry ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_tokens), 'A')
        || setweight(to_tsvector('simple', tokens), 'D')
    ) STORED""",
    "CREATE INDEX searchentry_tsv ON core_searchentry USING gin (tsv)",
    "CREATE INDEX searchentry_title_trgm ON core_searchentry USING gin (title gin_trgm_ops)",
    "CREATE INDEX searchentry_names_trgm ON core_searchentry USING gin (names gin_trgm_ops)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS searchentry_names_trgm",
    "DROP INDEX IF EXISTS searchentry_title_trgm",
    "DROP INDEX IF EXISTS searchentry_tsv",
    "ALTER TABLE core_searchentry DROP COLUMN IF EXISTS tsv",
]
SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE core_searchentry_fts USING fts5(
        title_tokens, tokens, content='core_searchentry', content_rowid='id'
    )""",
    """CREATE TRIGGER core_searchentry_ai AFTER INSERT ON core_searchentry BEGIN
        INSERT INTO core_searchentry_fts(rowid, title_tokens, tokens)
        VALUES (new.id, new.title_tokens, new.tokens);
    END""",
    """CREATE TRIGGER core_searchentry_ad AFTER DELETE ON core_searchentry BEGIN
        INSERT INTO core_searchentry_fts(core_searchentry_fts, rowid, title_tokens, tokens)
        VALUES ('delete', old.id, old.title_tokens, old.tokens);
    END""",
    """CREATE TRIGGER core_searchentry_au AFTER UPDATE ON core_searchentry BEGIN
        INSERT INTO core_searchentry_fts(core_searchentry_fts, rowid, title_tokens, tokens)
        VALUES ('delete', old.id, old.title_tokens, old.tokens);
        INSERT INTO core_searchentry_fts(rowid, title_tokens, tokens)
        VALUES (new.id, new.title_tokens, new.tokens);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_searchentry_au",
    "DROP TRIGGER IF EXISTS core_searchentry_ad",
    "DROP TRIGGER IF EXISTS core_searchentry_ai",
    "DROP TABLE IF EXISTS core_searchentry_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_change_capture"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("module", models.CharField(max_length=30, verbose_name="模块")),
                ("label", models.CharField(max_length=60, verbose_name="记录类型")),
                ("object_id", models.BigIntegerField(verbose_name="记录")),
                ("unit_path", models.CharField(blank=True, max_length=255, verbose_name="单位路径")),
                ("title", models.CharField(max_length=300, verbose_name="标题")),
                ("names", models.CharField(blank=True, max_length=500, verbose_name="姓名")),
                ("body", models.TextField(blank=True, verbose_name="正文")),
                ("keys", models.TextField(blank=True, verbose_name="精确检索键")),
                ("title_tokens", models.TextField(blank=True, verbose_name="标题分词")),
                ("tokens", models.TextField(blank=True, verbose_name="正文分词")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="索引时间")),
                (
                    "unit",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.orgunit",
                        verbose_name="所属单位",
                    ),
                ),
                (
                    "extra_unit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="core.orgunit",
                        verbose_name="承办单位",
                    ),
                ),
            ],
            options={
                "verbose_name": "检索条目",
                "verbose_name_plural": "检索条目",
                "indexes": [models.Index(fields=["unit_path"], name="searchentry_unit_path")],
                "constraints": [
                    models.UniqueConstraint(fields=("label", "object_id"), name="searchentry_record_once")
                ],
            },
        ),
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
