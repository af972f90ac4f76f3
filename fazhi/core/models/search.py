"""The cross-module search index (issue 18): one row per searchable record.

Each domain app says what its records contribute (core.search.register, from
its registry.py); core.search.index writes the rows. The text columns hold
nothing a list would not show: ID and phone numbers enter only as keyed blind
indexes (core.crypto.blind_index) in `keys`, never in clear.

The engines' own structures are not Django fields: on PostgreSQL a generated
tsvector column `tsv` over `tokens` (GIN) and pg_trgm GIN indexes on `title`
and `names`; on SQLite an FTS5 table `core_searchentry_fts` kept by triggers.
Both are created by migration 0009 for their database only."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    module = models.CharField(_("模块"), max_length=30)
    label = models.CharField(_("记录类型"), max_length=60)
    object_id = models.BigIntegerField(_("记录"))
    unit = models.ForeignKey(
        "core.OrgUnit",
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        verbose_name=_("所属单位"),
    )
    # A second unit that also sees the record (a petition's 承办单位, which
    # visible_to admits besides the registering unit).
    extra_unit = models.ForeignKey(
        "core.OrgUnit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承办单位"),
    )
    # The unit's materialised path, so the scope filter needs no join.
    unit_path = models.CharField(_("单位路径"), max_length=255, blank=True)
    title = models.CharField(_("标题"), max_length=300)
    names = models.CharField(_("姓名"), max_length=500, blank=True)
    body = models.TextField(_("正文"), blank=True)
    # Exact keys, space-separated: record numbers as written and blind indexes
    # of ID and phone numbers ("id:…", "phone:…" hashed, see core.search.index).
    keys = models.TextField(_("精确检索键"), blank=True)
    # jieba's search-mode tokens, the text both engines index: of the title
    # and names plus the keys (ranked above the body), and of the body.
    title_tokens = models.TextField(_("标题分词"), blank=True)
    tokens = models.TextField(_("正文分词"), blank=True)
    updated_at = models.DateTimeField(_("索引时间"), auto_now=True)

    class Meta:
        verbose_name = _("检索条目")
        verbose_name_plural = _("检索条目")
        constraints = [
            models.UniqueConstraint(fields=["label", "object_id"], name="searchentry_record_once")
        ]
        indexes = [models.Index(fields=["unit_path"], name="searchentry_unit_path")]

    def __str__(self) -> str:
        return self.title

    @property
    def key_list(self) -> list[str]:
        return self.keys.split()
