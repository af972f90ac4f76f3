"""core.api.run_api_action: a workflow step (core.actions.Action) run through
the REST API, tried on a small fake (steps on a core Person) behind test-only
URLs, the API counterpart of tests/core/test_actions.py."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import include, path
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from fazhi.core import actions, audit
from fazhi.core import workflow as core_workflow
from fazhi.core.api import run_api_action, with_files, with_version
from fazhi.core.errors import RuleViolation
from fazhi.core.forms import ActionForm
from fazhi.core.models import Person
from fazhi.core.serializers import PersonSerializer
from tests.core.action_fakes import RenameForm, make_cadre, rename
from tests.factories import World

pytestmark = pytest.mark.urls(__name__)


class NoteForm(ActionForm):
    note = forms.CharField(label="备注", required=False)

    def clean(self) -> dict[str, Any]:
        # A form-wide check that needs the record (`record=`, as on the page).
        if self.record.note == "locked":
            raise forms.ValidationError("该人员的备注已锁定。")
        return self.cleaned_data


class UploadForm(ActionForm):
    file = forms.FileField(label="材料")


def note_then_refuse(person: Person, *, note: str, by: Any, version: int | None) -> Person:
    """Saves, then a later rule refuses: the step's one transaction undoes the save."""
    before = audit.snapshot(person)
    person.note = note
    core_workflow.update_record(person, by=by, version=version, before=before)
    raise RuleViolation("第二条规则不满足。", field="note")


ACTIONS = actions.table(
    actions.Action(
        "rename",
        "更正姓名",
        RenameForm,
        lambda p, d, by, v: rename(p, name=d["name"], by=by, version=v),
    ),
    actions.Action(
        "cadre",
        "登记为干部",
        ActionForm,
        lambda p, d, by, v: make_cadre(p, by=by, version=v),
        offered=lambda p: not p.is_cadre,
    ),
    actions.Action(
        "note",
        "备注",
        NoteForm,
        lambda p, d, by, v: note_then_refuse(p, note=d["note"], by=by, version=v),
    ),
)

UPLOADS = actions.table(
    actions.Action(
        "upload",
        "上传材料",
        UploadForm,
        lambda p, d, by, files: {"name": d["file"].name, "files": sorted(files)},
        multipart=True,
    ),
)


class FakeViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Person.objects.all()
    serializer_class = PersonSerializer

    def get_queryset(self) -> Any:
        return Person.objects.visible_to(self.request.user)

    @action(detail=True, methods=["post"], url_path=r"steps/(?P<step>[a-z_]+)")
    def step(self, request: Request, pk: Any = None, step: str = "") -> Response:
        return run_api_action(
            request,
            self.get_object(),
            ACTIONS,
            step,
            respond=lambda obj, result: self.get_serializer(Person.objects.get(pk=obj.pk)).data,
            extra=with_version,
        )

    @action(detail=True, methods=["post"])
    def upload(self, request: Request, pk: Any = None) -> Response:
        return run_api_action(
            request,
            self.get_object(),
            UPLOADS,
            "upload",
            respond=lambda obj, result: result,
            extra=with_files,
        )


class OpenFakeViewSet(FakeViewSet):
    """Any signed-in user passes the permission class: the helper itself
    still refuses a read-only role."""

    permission_classes = [permissions.IsAuthenticated]


router = SimpleRouter()
router.register("fake-api", FakeViewSet, basename="fake-api")
router.register("fake-open-api", OpenFakeViewSet, basename="fake-open-api")

urlpatterns = [
    path("", include(router.urls)),
    path("", include("fazhi.urls")),
]


@pytest.fixture
def person(world: World) -> Person:
    return Person.objects.create(unit=world.township, name="张三")


def post(world: World, user: Any, url: str, data: dict[str, Any]) -> Any:
    return world.client(user).post(url, data, content_type="application/json")


def test_step_runs_and_answers_the_serialized_record(world: World, person: Person) -> None:
    response = post(
        world, world.owner, f"/fake-api/{person.pk}/steps/rename/", {"name": "张三丰", "version": 1}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == person.pk and body["name"] == "张三丰" and body["version"] == 2
    person.refresh_from_db()
    assert person.name == "张三丰" and person.updated_by == world.owner


def test_invalid_form_is_400_by_field_with_its_label_and_calls_nothing(
    world: World, person: Person
) -> None:
    response = post(world, world.owner, f"/fake-api/{person.pk}/steps/rename/", {"name": ""})
    assert response.status_code == 400
    assert response.json() == {"name": ["姓名：该字段是必填项。"]}
    person.refresh_from_db()
    assert person.version == 1


def test_form_gets_the_record_and_a_form_wide_error_is_non_field(
    world: World, person: Person
) -> None:
    person.note = "locked"
    person.save()
    response = post(world, world.owner, f"/fake-api/{person.pk}/steps/note/", {"note": "x"})
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["该人员的备注已锁定。"]}


def test_refusal_is_400_naming_the_field_and_saves_nothing(world: World, person: Person) -> None:
    response = post(
        world, world.owner, f"/fake-api/{person.pk}/steps/rename/", {"name": "X先生", "version": 1}
    )
    assert response.status_code == 400
    assert response.json() == {"name": ["姓名不能含有字母X。"]}
    person.refresh_from_db()
    assert person.name == "张三" and person.version == 1


def test_refusal_of_the_whole_step_is_non_field(world: World, person: Person) -> None:
    """A step the record's state does not offer is still run: the workflow
    answers with the reason."""
    person.is_cadre = True
    person.save()
    response = post(world, world.owner, f"/fake-api/{person.pk}/steps/cadre/", {})
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["该人员已是干部。"]}


def test_step_is_one_transaction(world: World, person: Person) -> None:
    response = post(
        world, world.owner, f"/fake-api/{person.pk}/steps/note/", {"note": "新备注", "version": 1}
    )
    assert response.status_code == 400
    assert response.json() == {"note": ["第二条规则不满足。"]}
    person.refresh_from_db()
    assert person.note == "" and person.version == 1


def test_stale_version_is_a_conflict_showing_the_record_now(world: World, person: Person) -> None:
    url = f"/fake-api/{person.pk}/steps/rename/"
    assert post(world, world.owner, url, {"name": "李四", "version": 1}).status_code == 200
    response = post(world, world.colleague, url, {"name": "王五", "version": 1})
    assert response.status_code == 409
    body = response.json()
    assert "请刷新" in body["detail"] and body["field"] == "version"
    assert body["current"]["name"] == "李四" and body["current"]["version"] == 2
    response = post(world, world.colleague, url, {"name": "王五", "version": "abc"})
    assert response.status_code == 400 and "version" in response.json()
    person.refresh_from_db()
    assert person.name == "李四"


def test_unknown_step_and_outsider_are_404(world: World, person: Person) -> None:
    response = post(world, world.owner, f"/fake-api/{person.pk}/steps/nothing/", {})
    assert response.status_code == 404 and "nothing" in response.json()["detail"]
    response = post(world, world.outsider, f"/fake-api/{person.pk}/steps/rename/", {"name": "李四"})
    assert response.status_code == 404
    person.refresh_from_db()
    assert person.name == "张三"


@pytest.mark.parametrize("prefix", ["fake-api", "fake-open-api"])
def test_read_only_role_is_403(world: World, person: Person, prefix: str) -> None:
    c = world.client(world.county_user)
    assert c.get(f"/{prefix}/{person.pk}/").status_code == 200  # may read
    response = post(
        world, world.county_user, f"/{prefix}/{person.pk}/steps/rename/", {"name": "李四"}
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.name == "张三"


def test_uploaded_files_reach_the_form_and_the_call(world: World, person: Person) -> None:
    url = f"/fake-api/{person.pk}/upload/"
    c = world.client(world.owner)
    response = c.post(url, {"file": SimpleUploadedFile("证据.pdf", b"%PDF-1.4")})
    assert response.status_code == 200, response.content
    assert response.json() == {"name": "证据.pdf", "files": ["file"]}
    missing = c.post(url, {})
    assert missing.status_code == 400 and missing.json()["file"][0].startswith("材料：")
