"""The language of the management commands (core.cli, issue 15): Chinese by
default whatever language was active and whatever the terminal's locale says,
English when `--language en` asks for it — output, refusals and help alike;
what the command stores stays Chinese."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from fazhi.core import cli
from fazhi.core.management.commands.due_date import Command as DueDate
from tests.factories import World, world  # noqa: F401

pytestmark = pytest.mark.django_db


def run(*args: str, **options: str) -> list[str]:
    out = io.StringIO()
    call_command("due_date", *args, stdout=out, **options)
    return out.getvalue().splitlines()


def test_chinese_by_default_even_under_an_active_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "en_US")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    with translation.override("en"):
        lines = run("2024-09-28", "15", "calendar")
        with pytest.raises(CommandError, match="期限天数不能为负数"):
            run("2024-09-28", "-1", "calendar")
        assert translation.get_language() == "en"  # left as it was
    assert lines[0] == "2024-10-14"
    assert lines[1] == "期限15日"


def test_english_when_asked() -> None:
    lines = run("2024-09-28", "15", "calendar", language="en")
    assert lines[0] == "2024-10-14"  # scripts read the first line in either language
    assert lines[1] == "Time limit 15 days"
    with pytest.raises(CommandError, match="The length in days cannot be negative"):
        run("2024-09-28", "-1", "calendar", language="en")
    assert translation.get_language() == "zh-hans"


def test_help_in_the_language_asked(capsys: pytest.CaptureFixture[str]) -> None:
    for argv, words in (
        (["manage.py", "due_date", "--help"], ("计算法定期限的截止日", "起算日，如", "输出语言")),
        (
            ["manage.py", "due_date", "--language", "en", "--help"],
            ("Compute the due date", "start date, e.g.", "output language"),
        ),
        (["manage.py", "due_date", "--language=en", "--help"], ("Compute the due date",)),
    ):
        with pytest.raises(SystemExit):
            DueDate().run_from_argv(argv)
        text = " ".join(capsys.readouterr().out.split())
        for word in words:
            assert word in text, (argv, word, text)


def test_an_unknown_language_is_the_default_and_the_parser_refuses_it() -> None:
    assert cli.requested(["manage.py", "x", "--language", "xx"]) == "zh-hans"
    assert cli.requested(["manage.py", "x", "--language=en"]) == "en"
    with pytest.raises(CommandError, match="--language"):
        run("2024-09-28", "15", "calendar", "--language", "xx")


def test_every_fazhi_command_takes_the_language_option() -> None:
    from django.core.management import get_commands, load_command_class

    fazhi = {name: app for name, app in get_commands().items() if app.startswith("fazhi.")}
    assert {"due_date", "seed_calendar", "annual_report", "expire_certificates"} <= set(fazhi)
    for name, app in fazhi.items():
        command = load_command_class(app, name)
        if name == "makemessages":
            continue  # Django's own, extended
        assert isinstance(command, cli.Command), name


def test_a_unit_named_on_the_command_line_by_id_path_or_name(world: World) -> None:  # noqa: F811
    township = world.township
    assert cli.unit_named(str(township.pk)) == township
    assert cli.unit_named(township.path) == township
    assert cli.unit_named(township.name) == township
    assert cli.unit_named("没有这个乡") is None
