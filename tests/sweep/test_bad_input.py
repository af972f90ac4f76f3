"""Bad input on every API create endpoint and every create form (issue 17, Proof).

For each API view set that creates (POST on its list route) and each page
whose view has a `form_class` and answers POST, the township's 司法所 clerk
sends, field by field of the serializer / form:

- over-long text: one character past its cap in every text field (a name's
  max_length; a free text's cap by what it holds, core.inputs: at most
  50,000, so 50,001 characters where a field shows none);
- NUL bytes in every text field;
- impossible or malformed dates (2024-02-30; 2024.3.5) in every date field,
  and dates outside the plausible range (0001-01-01, 9999-12-31: core.inputs);
- an ID number with a wrong GB 11643 check digit;
- an id past 64 bits in every choice of several records (forms);
- a body that is not UTF-8.

Each must be refused with a message in Chinese naming the field (API: 400 with
the field as key; pages: the form again, the error beside the field), never a
500, and nothing saved (the model's rows counted before and after). Script and
SQL payloads are stored as text and shown inert: escaped on the list and the
detail page, literal (no formula, no markup) in the Excel export.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django import forms
from django.db import models, transaction
from django.test import Client
from rest_framework import serializers as drf

from fazhi.api_router import router
from tests.factories import valid_id_number
from tests.sweep.routes import qualified, url_patterns

# Past every cap of a free text (core.inputs.DOCUMENT): sent where a field has none.
UNCAPPED = 50_000


def too_long(field: Any) -> str:
    return "长" * ((getattr(field, "max_length", None) or UNCAPPED) + 1)


NUL = "甲\x00乙"
BAD_DATES = ("2024-02-30", "2024.3.5")
# Real calendar days no record holds (core.inputs: 1949-10-01 to a horizon).
IMPLAUSIBLE_DATES = ("0001-01-01", "9999-12-31")
SCRIPT = "<script>alert(1)</script>"
SQL = "'; DROP TABLE core_person; --"
CJK = re.compile(r"[\u4e00-\u9fff]")

# A party's ID number / credit code is checked by the workflow step (the same
# for the page, the API, imports), which runs only once the rest of the input
# is whole: the sweep's sparse bodies never reach it there, so these are
# proven with whole bodies in test_party_numbers_are_checked below.
WORKFLOW_CHECKED = {
    "/api/v1/enforcement/cases/",
    "/api/v1/governance/disclosure-requests/",
    "enforcement:case_create",
    "enforcement:summary_create",
    "governance:request_create",
}

# Endpoints / pages the sweep cannot post to as the clerk, with the reason.
SKIP: dict[str, str] = {
    "login": "saves nothing; any wrong input is one answer, a failed log-in (no user enumeration)",
}

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """A township with one village, its 司法所 clerk and one person, once per
    module inside a transaction rolled back at the end."""
    from fazhi.core import passwords
    from fazhi.core.models import OrgUnit, Person, User
    from fazhi.core.roles import Role

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            county = OrgUnit.objects.create(name="蓝山县", kind=OrgUnit.Kind.COUNTY)
            township = OrgUnit.objects.create(
                name="湘江源瑶族乡", kind=OrgUnit.Kind.TOWNSHIP, parent=county
            )
            village = OrgUnit.objects.create(
                name="荆竹村", kind=OrgUnit.Kind.VILLAGE, parent=township
            )
            clerk = User.objects.create(
                username="bad-input-clerk", role=Role.JUDICIAL_OFFICE, home_unit=township
            )
            passwords.mark_chosen(clerk)
            person = Person.objects.create(
                name="张三", unit=village, id_number=valid_id_number(7), phone="13800000007"
            )
            yield {"township": township, "village": village, "clerk": clerk, "person": person}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def client(world: dict[str, Any]) -> Client:
    c = Client()
    c.force_login(world["clerk"])
    return c


def count(model: type[models.Model]) -> int:
    return model._default_manager.count()


def chinese(messages: Any) -> bool:
    return bool(CJK.search(json.dumps(messages, ensure_ascii=False)))


# --- the API ------------------------------------------------------------------------


def creating_viewsets() -> list[tuple[str, Any]]:
    """(list URL, view set) for every registered view set that creates."""
    out = []
    for prefix, viewset, _basename in router.registry:
        if hasattr(viewset, "create"):
            out.append((f"/api/v1/{prefix}/", viewset))
    return out


def writable_fields(viewset: Any) -> dict[str, drf.Field]:
    serializer = viewset.serializer_class()
    return {n: f for n, f in serializer.fields.items() if not f.read_only}


def bad_payloads(fields: dict[str, drf.Field]) -> Iterator[tuple[str, dict[str, Any], set[str]]]:
    """(what, body, fields that must be named in the refusal)."""
    text = {n: f for n, f in fields.items() if isinstance(f, drf.CharField)}
    if text:
        yield "over-long text", {n: too_long(f) for n, f in text.items()}, set(text)
    if text:
        yield "NUL byte", {n: NUL for n in text}, set(text)
    dates = {n for n, f in fields.items() if isinstance(f, drf.DateField)}
    if dates:
        yield "2024-02-30", {n: BAD_DATES[0] for n in dates}, dates
        yield "2024.3.5", {n: BAD_DATES[1] for n in dates}, dates
        for day in IMPLAUSIBLE_DATES:
            yield day, {n: day for n in dates}, dates
    ids = {n for n in fields if n.endswith("id_number")}
    if ids:
        wrong = valid_id_number(3)[:-1] + ("0" if valid_id_number(3)[-1] != "0" else "1")
        yield "ID number check digit", {n: wrong for n in ids}, ids


def _stable_id(value: Any) -> str:
    """An id that is the same in every xdist worker: a view's name, never its
    repr (a function's repr holds its address, and workers that collect
    different ids refuse to run)."""
    return str(getattr(value, "__qualname__", value))


@pytest.mark.parametrize(("url", "viewset"), creating_viewsets(), ids=_stable_id)
def test_api_create_refuses_bad_input(client: Client, url: str, viewset: Any) -> None:
    model = viewset.serializer_class.Meta.model
    problems = []
    for what, body, named in bad_payloads(writable_fields(viewset)):
        if what.startswith("ID number") and url in WORKFLOW_CHECKED:
            continue
        before = count(model)
        with transaction.atomic():
            response = client.post(url, body, content_type="application/json")
            transaction.set_rollback(True)
        if response.status_code in (403, 405):
            return  # the clerk may not create these: the role rule answers
        if response.status_code != 400:
            problems.append(f"{what}: answered {response.status_code}")
            continue
        errors = response.json()
        missing = {n for n in named if n not in errors}
        if missing:
            problems.append(f"{what}: the refusal does not name {sorted(missing)}: {errors}")
        if not chinese({n: errors.get(n) for n in named}):
            problems.append(f"{what}: the message is not Chinese: {errors}")
        if count(model) != before:
            problems.append(f"{what}: rows saved")
    assert not problems, f"{url}\n" + "\n".join(problems)


def test_api_refuses_a_body_that_is_not_utf8(client: Client) -> None:
    from fazhi.core.models import Person

    before = count(Person)
    response = client.post(
        "/api/v1/people/", b'{"name": "\xff\xfe\xc3"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert chinese(response.json()), response.json()
    assert count(Person) == before


# --- the pages ------------------------------------------------------------------------


FORM_NAMES = ("create", "apply", "submit")


def form_routes() -> list[tuple[str, str, Any]]:
    """(name, URL, view) of every page without arguments whose view has a
    form_class or whose name says it takes one (function views): the create
    pages and the public forms. Edit pages take the same form classes."""
    out = []
    for route, namespace, entry in url_patterns():
        view = getattr(entry.callback, "view_class", entry.callback)
        if route.startswith(("admin/", "api/")) or "<" in route:
            continue
        name = qualified(namespace, str(entry.name))
        if getattr(view, "form_class", None) is None and not name.endswith(FORM_NAMES):
            continue
        out.append((name, "/" + route, view))
    return out


def form_payloads(form: forms.BaseForm) -> Iterator[tuple[str, dict[str, Any], set[str]]]:
    text = {
        n: f
        for n, f in form.fields.items()
        if isinstance(f, forms.CharField) and not isinstance(f.widget, forms.HiddenInput)
    }
    # A password is hashed, never kept as typed: Django's own forms check it.
    kept = {n: f for n, f in text.items() if not isinstance(f.widget, forms.PasswordInput)}
    if kept:
        yield "over-long text", {n: too_long(f) for n, f in kept.items()}, set(kept)
    if text:
        yield "NUL byte", {n: NUL for n in text}, set(text)
    dates = {
        n
        for n, f in form.fields.items()
        if isinstance(f, forms.DateField) and not isinstance(f, forms.DateTimeField)
    }
    if dates:
        yield "2024-02-30", {n: BAD_DATES[0] for n in dates}, dates
        for day in IMPLAUSIBLE_DATES:
            yield day, {n: day for n in dates}, dates
    ids = {n for n in form.fields if n.endswith("id_number")}
    if ids:
        wrong = valid_id_number(3)[:-1] + ("0" if valid_id_number(3)[-1] != "0" else "1")
        yield "ID number check digit", {n: wrong for n in ids}, ids
    many = {n for n, f in form.fields.items() if isinstance(f, forms.ModelMultipleChoiceField)}
    if many:
        yield "an id past 64 bits", {n: [str(2**63)] for n in many}, many


def form_of(client: Client, url: str, view: Any) -> forms.BaseForm | None:
    """The form the page renders for the clerk (None: the page is not theirs)."""
    response = client.get(url)
    if response.status_code != 200 or response.context is None:
        return None
    form = response.context.get("form")
    return form if isinstance(form, forms.BaseForm) else None


def model_of(view: Any, form: forms.BaseForm) -> type[models.Model] | None:
    meta = getattr(form, "_meta", None)
    return getattr(meta, "model", None) or getattr(view, "model", None)


@pytest.mark.parametrize(("name", "url", "view"), form_routes(), ids=_stable_id)
def test_form_refuses_bad_input(client: Client, name: str, url: str, view: Any) -> None:
    if name in SKIP:
        pytest.skip(SKIP[name])
    form = form_of(client, url, view)
    if form is None:
        pytest.skip("not the clerk's page")
    model = model_of(view, form)
    problems = []
    for what, body, named in form_payloads(form):
        if what.startswith("ID number") and name in WORKFLOW_CHECKED:
            continue
        before = count(model) if model else 0
        with transaction.atomic():
            response = client.post(url, body)
            transaction.set_rollback(True)
        if response.status_code != 200:
            problems.append(f"{what}: answered {response.status_code} (the form again expected)")
            continue
        page_form = (response.context or {}).get("form")
        errors = page_form.errors if page_form is not None else {}
        missing = {n for n in named if n not in errors}
        if missing:
            problems.append(f"{what}: no error on {sorted(missing)} ({dict(errors)})")
        elif not chinese({n: errors[n] for n in named}):
            problems.append(f"{what}: the message is not Chinese: {dict(errors)}")
        if model and count(model) != before:
            problems.append(f"{what}: rows saved")
    assert not problems, f"{name} {url}\n" + "\n".join(problems)


def _wrong_check(value: str) -> str:
    return value[:-1] + ("1" if value[-1] != "1" else "2")


@pytest.mark.parametrize(
    ("party_type", "number"),
    [("citizen", valid_id_number(5)), ("organisation", "91350100M000100Y43")],
)
def test_party_numbers_are_checked(
    client: Client, world: dict[str, Any], party_type: str, number: str
) -> None:
    """An enforcement case's party: a citizen's ID number (GB 11643) or an
    organisation's 统一社会信用代码 (GB 32100), each with its check character;
    a natural person applying for disclosure likewise."""
    from fazhi.enforcement.models import EnforcementCase, EnforcementField
    from fazhi.governance.models import DisclosureRequest

    case = {
        "unit": world["township"].pk,
        "case_type": "penalty",
        "title": "占用林地",
        "field": EnforcementField.objects.order_by("pk").values_list("pk", flat=True).first(),
        "source": "inspection",
        "party_type": party_type,
        "party_name": "某某",
        "act_date": "2024-03-01",
        "discovered_on": "2024-03-04",
    }
    request = {
        "unit": world["township"].pk,
        "applicant_kind": "natural_person",
        "applicant_name": "王五",
        "phone": "13800000009",
        "channel": "in_person",
        "submitted_on": "2024-03-04",
        "received_on": "2024-03-04",
        "description": "村务公开资料",
    }
    targets = [("/api/v1/enforcement/cases/", case, EnforcementCase)]
    if party_type == "citizen":
        targets.append(("/api/v1/governance/disclosure-requests/", request, DisclosureRequest))
    for url, body, model in targets:
        before = count(model)
        with transaction.atomic():
            wrong = client.post(
                url, {**body, "id_number": _wrong_check(number)}, content_type="application/json"
            )
            transaction.set_rollback(True)
        assert wrong.status_code == 400, (url, wrong.content)
        assert "校验" in " ".join(wrong.json()["id_number"]), wrong.json()
        assert count(model) == before
        with transaction.atomic():
            right = client.post(url, {**body, "id_number": number}, content_type="application/json")
            transaction.set_rollback(True)
        assert right.status_code == 201, (url, right.content)


# --- stored payloads shown inert --------------------------------------------------------


def test_script_and_sql_are_stored_as_text_and_shown_inert(
    client: Client, world: dict[str, Any]
) -> None:
    from openpyxl import load_workbook

    from fazhi.core.models import Person

    response = client.post(
        "/api/v1/people/",
        {"unit": world["village"].pk, "name": SCRIPT, "note": SQL, "address": SCRIPT},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert Person.objects.get(pk=pk).name == SCRIPT  # stored as typed
    assert Person.objects.count() >= 2  # and the table is still there

    for url in ("/people/", f"/people/{pk}/"):
        page = client.get(url).content.decode()
        assert SCRIPT not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url

    # An export with full personal data asks for a reason (core.reasons).
    export = client.get("/people/?export=xlsx&reason=办理需要")
    assert export.status_code == 200
    body = b"".join(export.streaming_content) if export.streaming else export.content
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    cells = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert SCRIPT in cells  # literal text in the cell
    assert not any(c.startswith(("=", "+", "@")) for c in cells)


def test_script_in_a_generated_docx_is_text(client: Client, world: dict[str, Any]) -> None:
    """A payload typed as the applicant's name reaches the written reply as
    the characters typed (escaped in the document's XML), not as markup."""
    import zipfile

    import docx

    from fazhi.governance import documents
    from fazhi.governance.models import DisclosureRequest

    response = client.post(
        "/api/v1/governance/disclosure-requests/",
        {
            "unit": world["township"].pk,
            "applicant_kind": "natural_person",
            "applicant_name": SCRIPT,
            "phone": "13800000008",
            "channel": "in_person",
            "submitted_on": "2024-03-04",
            "received_on": "2024-03-04",
            "description": SQL,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    data = documents.reply_document(DisclosureRequest.objects.get(pk=response.json()["id"]))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert SCRIPT in text
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "<script>" not in xml and "&lt;script&gt;" in xml


# --- what a list's query string may hold --------------------------------------------

# Typed into the address bar or sent by a script: a page size the pages do not
# offer, page numbers past 64 bits, an unknown sort, impossible years, a
# period starting on the calendar's first day, NUL bytes in every filter.
EDGE_QUERIES = (
    "per_page=-5",
    "per_page=0",
    "per_page=1000000000",
    "page=9223372036854775808",
    "page=-1",
    "sort=nosuch",
    "sort=-nosuch%00",
    "year=0",
    "year=-1",
    "year=9223372036854775808",
    "start=0001-01-01",
    "start=0001-01-01&end=0001-01-02",
    "start=0001-01-01&end=9999-12-31",
)


def list_routes() -> list[tuple[str, str]]:
    """(name, URL) of every page without arguments that lists with a filter
    form or a table (core.listing's pages and the lists written by hand)."""
    out = []
    for route, namespace, entry in url_patterns():
        if route.startswith(("admin/", "api/")) or "<" in route:
            continue
        view = getattr(entry.callback, "view_class", entry.callback)
        name = qualified(namespace, str(entry.name))
        lists = getattr(view, "table_class", None) or getattr(view, "filterset_class", None)
        if lists is None and not str(entry.name).endswith(("_list", "_missed")):
            continue
        out.append((name, "/" + route))
    return out


def _answer(client: Client, url: str) -> str:
    """The status of a GET, or the exception a server error raised (the test
    client re-raises it), in the savepoint of one request."""
    with transaction.atomic():
        try:
            status = str(client.get(url).status_code)
        except Exception as exc:  # a 500: named with its exception
            status = f"500 {type(exc).__name__}: {exc}"
        transaction.set_rollback(True)
    return status


@pytest.mark.parametrize(("name", "url"), list_routes(), ids=_stable_id)
def test_list_page_survives_odd_query_strings(client: Client, name: str, url: str) -> None:
    """No query string makes a list page (or its export) a server error: a
    page size is the page's own, a year the calendar has not is refused like
    any filter value, a period is bounded."""
    first = client.get(url)
    if first.status_code != 200 or first.context is None:
        pytest.skip("not the clerk's page")
    filterset = first.context.get("filter")
    fields = list(filterset.form.fields) if filterset is not None else []
    queries = [*EDGE_QUERIES, *(f"{f}=%00" for f in fields), *(f"{f}=a%00b" for f in fields)]
    problems = []
    for query in queries:
        for export in ("", "&export=xlsx"):
            status = _answer(client, f"{url}?{query}{export}")
            if status.startswith("5"):
                problems.append(f"?{query}{export}: {status}")
    assert not problems, f"{name} {url}\n" + "\n".join(problems)


def api_lists() -> list[tuple[str, Any]]:
    return [
        (f"/api/v1/{prefix}/", viewset)
        for prefix, viewset, _basename in router.registry
        if hasattr(viewset, "list")
    ]


@pytest.mark.parametrize(("url", "viewset"), api_lists(), ids=_stable_id)
def test_api_list_refuses_odd_filter_values(client: Client, url: str, viewset: Any) -> None:
    """Every filter parameter of an API list (its filter set's, or its
    `filterset_fields`) with a NUL byte, 0, -1, a number past 64 bits: never
    a 500; a refused year names `year` in Chinese (a year column's exact
    match may answer no rows instead)."""
    filterset = getattr(viewset, "filterset_class", None)
    params = list(getattr(filterset, "base_filters", {})) if filterset else []
    params += [p for p in getattr(viewset, "filterset_fields", None) or [] if p not in params]
    problems = []
    for param in params:
        for value in ("%00", "a%00b", "0", "-1", "9223372036854775808"):
            query = f"{param}={value}"
            status = _answer(client, f"{url}?{query}")
            if status.startswith("5"):
                problems.append(f"?{query}: {status}")
            elif status == "400" and param == "year":
                with transaction.atomic():
                    body = client.get(f"{url}?{query}").json()
                    transaction.set_rollback(True)
                if "year" not in body or not chinese(body["year"]):
                    problems.append(f"?{query}: the refusal does not name year in Chinese: {body}")
    assert not problems, f"{url}\n" + "\n".join(problems)
