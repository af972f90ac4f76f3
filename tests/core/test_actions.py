"""core.actions: the shared run of a workflow step posted from a detail page,
tried on a small fake (two steps on a core Person) behind test-only URLs."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.template import Context, Template
from django.urls import include, path

from fazhi.core import actions
from fazhi.core import workflow as core_workflow
from fazhi.core.forms import ActionForm
from fazhi.core.models import Person
from tests.core.action_fakes import RenameForm, make_cadre, rename
from tests.factories import World

pytestmark = pytest.mark.urls(__name__)


class CadreForm(ActionForm):
    pass


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
        CadreForm,
        lambda p, d, by, v: make_cadre(p, by=by, version=v),
        offered=lambda p: not p.is_cadre,
        style="outline-secondary",
    ),
)

PAGE = Template(
    "{% for a in actions %}<form action='{{ a.url }}' data-open='{{ a.open }}'>"
    "{{ a.form.as_p }}</form>{% endfor %}"
)


class FakeDetail(actions.ActionDetailView):
    model = Person
    actions = ACTIONS
    action_url = "fake_action"

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        return HttpResponse(PAGE.render(Context(context)))


def fake_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    return actions.run_action(
        request, Person, pk, name, ACTIONS, FakeDetail, extra=actions.with_version
    )


def fake_action_flash(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    return actions.run_action(
        request,
        Person,
        pk,
        name,
        ACTIONS,
        extra=actions.with_version,
        refused=actions.flash_and_redirect,
    )


def fake_action_plain(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Unprefixed inputs, no extra argument to the call, and a step that leads
    to another record (as a mediation escalation leads to the new case)."""
    return actions.run_action(
        request,
        Person,
        pk,
        name,
        PLAIN,
        FakeDetail,
        prefixed=False,
        target=lambda obj, result: result,
    )


class CopyForm(ActionForm):
    name = forms.CharField(label="姓名", max_length=50)


PLAIN = actions.table(
    actions.Action(
        "copy",
        "复制人员",
        CopyForm,
        lambda p, d, by: core_workflow.create_record(Person(unit=p.unit, name=d["name"]), by=by),
    )
)


urlpatterns = [
    path("fake/<int:pk>/", FakeDetail.as_view(), name="fake_detail"),
    path("fake/<int:pk>/<str:name>/", fake_action, name="fake_action"),
    path("fake-flash/<int:pk>/<str:name>/", fake_action_flash, name="fake_action_flash"),
    path("fake-plain/<int:pk>/<str:name>/", fake_action_plain, name="fake_action_plain"),
    path("", include("fazhi.urls")),
]


@pytest.fixture
def person(world: World) -> Person:
    return Person.objects.create(unit=world.township, name="张三")


def test_offers_follow_the_state_and_the_role(world: World, person: Person) -> None:
    page = world.client(world.owner).get(f"/fake/{person.pk}/").content.decode()
    assert f"/fake/{person.pk}/rename/" in page and f"/fake/{person.pk}/cadre/" in page
    assert 'name="rename-name"' in page  # prefixed with the step's name
    person.is_cadre = True
    person.save()
    page = world.client(world.owner).get(f"/fake/{person.pk}/").content.decode()
    assert "/rename/" in page and "/cadre/" not in page
    page = world.client(world.county_user).get(f"/fake/{person.pk}/").content.decode()
    assert "<form" not in page  # a read-only role is offered nothing


def test_step_runs_with_the_user_and_redirects_with_a_message(world: World, person: Person) -> None:
    response = world.client(world.owner).post(
        f"/fake/{person.pk}/rename/", {"rename-name": "张三丰", "version": person.version}
    )
    assert response.status_code == 302 and response["Location"] == person.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["已办理：更正姓名。"]
    person.refresh_from_db()
    assert person.name == "张三丰" and person.version == 2 and person.updated_by == world.owner


def test_refused_step_answers_400_with_the_fields_message_and_saves_nothing(
    world: World, person: Person
) -> None:
    response = world.client(world.owner).post(
        f"/fake/{person.pk}/rename/", {"rename-name": "X先生", "version": person.version}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "姓名不能含有字母X。" in page
    assert "data-open='True'" in page and 'value="X先生"' in page  # the form as posted
    person.refresh_from_db()
    assert person.name == "张三" and person.version == 1


def test_invalid_form_answers_400_without_calling_the_step(world: World, person: Person) -> None:
    response = world.client(world.owner).post(f"/fake/{person.pk}/rename/", {"rename-name": ""})
    assert response.status_code == 400 and "该字段是必填项" in response.content.decode()


def test_stale_page_is_refused(world: World, person: Person) -> None:
    stale = person.version
    c = world.client(world.owner)
    assert (
        c.post(f"/fake/{person.pk}/rename/", {"rename-name": "李四", "version": stale}).status_code
        == 302
    )
    response = c.post(f"/fake/{person.pk}/rename/", {"rename-name": "王五", "version": stale})
    assert response.status_code == 400 and "请刷新后重新编辑" in response.content.decode()
    person.refresh_from_db()
    assert person.name == "李四"


def test_step_not_offered_in_the_records_state_is_refused(world: World, person: Person) -> None:
    person.is_cadre = True
    person.save()
    response = world.client(world.owner).post(
        f"/fake/{person.pk}/cadre/", {"version": person.version}
    )
    assert response.status_code == 400 and "该人员已是干部。" in response.content.decode()
    person.refresh_from_db()
    assert person.version == 1


def test_outsider_gets_404(world: World, person: Person) -> None:
    c = world.client(world.outsider)
    assert c.post(f"/fake/{person.pk}/rename/", {"rename-name": "李四"}).status_code == 404
    assert c.get(f"/fake/{person.pk}/").status_code == 404
    person.refresh_from_db()
    assert person.name == "张三"


def test_read_only_role_is_refused(world: World, person: Person) -> None:
    c = world.client(world.county_user)
    assert c.get(f"/fake/{person.pk}/").status_code == 200  # may read
    response = c.post(f"/fake/{person.pk}/rename/", {"rename-name": "李四", "version": 1})
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.name == "张三"


def test_unknown_step_is_404_and_get_is_not_allowed(world: World, person: Person) -> None:
    c = world.client(world.owner)
    assert c.post(f"/fake/{person.pk}/nothing/", {}).status_code == 404
    assert c.get(f"/fake/{person.pk}/rename/").status_code == 405


def test_refusal_as_messages_on_the_record(world: World, person: Person) -> None:
    response = world.client(world.owner).post(
        f"/fake-flash/{person.pk}/rename/", {"rename-name": "X先生", "version": 1}
    )
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "更正姓名 — 姓名：姓名不能含有字母X。"
    ]
    person.refresh_from_db()
    assert person.name == "张三"


def test_unprefixed_step_leading_to_the_record_it_made(world: World, person: Person) -> None:
    response = world.client(world.owner).post(
        f"/fake-plain/{person.pk}/copy/", {"name": "张三副本"}
    )
    made = Person.objects.get(name="张三副本")
    assert response.status_code == 302 and response["Location"] == made.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["已办理：复制人员。"]


def test_put_errors_puts_a_refusal_on_the_field_it_names_else_above_the_form() -> None:
    from django.core.exceptions import ValidationError

    from fazhi.core.errors import RuleViolation
    from fazhi.core.forms import put_errors

    class OnForm(forms.Form):
        on = forms.DateField(required=False)

    form = OnForm(data={})
    assert form.is_valid()
    put_errors(form, RuleViolation("日期不能早于受理日期。", field="on"))
    put_errors(form, RuleViolation("该记录已办结。", field="stage"))
    put_errors(form, ValidationError("工作日历缺少2031年。"))
    assert form.errors["on"] == ["日期不能早于受理日期。"]
    assert form.non_field_errors() == ["该记录已办结。", "工作日历缺少2031年。"]
