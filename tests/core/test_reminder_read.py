"""The home page's unread reminders are marked read from the list: 标为已读
for one, 全部标为已读 for all; POST only, the user's own only (another's
reminder answers 404 and stays unread), an audit row each, back to 工作台."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from fazhi.core.models import AuditEvent, Reminder
from tests.factories import World


def _reminder(user: Any, key: str) -> Reminder:
    return Reminder.objects.create(
        user=user, kind=Reminder.Kind.NOTICE, key=key, title=f"通知{key}"
    )


def test_the_home_page_offers_marking_each_reminder_and_all_read(world: World) -> None:
    mine = _reminder(world.owner, "a")
    page = world.client(world.owner).get(reverse("core:home")).content.decode()
    assert reverse("core:inbox_read", args=[mine.pk]) in page
    assert reverse("core:inbox_read_all") in page
    assert "标为已读" in page and "全部标为已读" in page


def test_marking_one_read_goes_back_to_the_home_page_and_is_audited(world: World) -> None:
    mine, other = _reminder(world.owner, "a"), _reminder(world.owner, "b")
    home = reverse("core:home")
    response = world.client(world.owner).post(
        reverse("core:inbox_read", args=[mine.pk]), {"next": home}
    )
    assert response.status_code == 302 and response["Location"] == home
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.read_at is not None and other.read_at is None
    row = AuditEvent.objects.get(object_id=str(mine.pk), object_repr=mine.title)
    assert row.actor == world.owner and row.action == "update" and "read_at" in row.changes
    page = world.client(world.owner).get(home).content.decode()
    assert "通知a" not in page and "通知b" in page


def test_a_next_off_the_site_is_not_followed(world: World) -> None:
    mine = _reminder(world.owner, "a")
    response = world.client(world.owner).post(
        reverse("core:inbox_read", args=[mine.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("core:inbox")


def test_another_users_reminder_answers_404_and_stays_unread(world: World) -> None:
    theirs = _reminder(world.colleague, "a")  # the colleague: same township
    for user in (world.owner, world.outsider):
        response = world.client(user).post(reverse("core:inbox_read", args=[theirs.pk]))
        assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    # The owner of the reminder may.
    world.client(world.colleague).post(reverse("core:inbox_read", args=[theirs.pk]))
    theirs.refresh_from_db()
    assert theirs.read_at is not None


def test_all_read_marks_only_the_users_own_and_goes_back(world: World) -> None:
    mine = [_reminder(world.owner, k) for k in "abc"]
    theirs = _reminder(world.colleague, "a")
    home = reverse("core:home")
    client = world.client(world.owner)
    assert client.get(reverse("core:inbox_read_all")).status_code == 405
    response = client.post(reverse("core:inbox_read_all"), {"next": home})
    assert response.status_code == 302 and response["Location"] == home
    assert not Reminder.objects.unread().filter(user=world.owner).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert AuditEvent.objects.filter(object_id__in=[str(r.pk) for r in mine]).count() == 3
    # Again: nothing left to mark, nothing more written.
    client.post(reverse("core:inbox_read_all"), {"next": home})
    assert AuditEvent.objects.filter(object_id__in=[str(r.pk) for r in mine]).count() == 3


def test_a_read_only_county_supervisor_clears_their_own_inbox(world: World) -> None:
    mine = _reminder(world.county_user, "a")
    world.client(world.county_user).post(reverse("core:inbox_read_all"))
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_the_home_page_says_how_many_it_lists_of_how_many_and_what_all_marks(
    world: World,
) -> None:
    """The home page lists ten; with 76 unread a user read ten, saw no word of
    the rest, and 全部标为已读 cleared 66 never shown. The page says how many
    it lists of how many, links the inbox, and the button names its count."""
    for i in range(12):
        _reminder(world.owner, f"k{i:02d}")
    page = world.client(world.owner).get(reverse("core:home")).content.decode()
    assert "列出最近的10条，共12条未读。" in page
    assert reverse("core:inbox") in page
    assert "全部标为已读（12条）" in page
    assert "通知k11" in page and "通知k00" not in page  # the newest listed
    Reminder.objects.filter(key__in=[f"k{i:02d}" for i in range(9)]).delete()
    page = world.client(world.owner).get(reverse("core:home")).content.decode()
    assert "列出最近的" not in page and "全部标为已读（3条）" in page
    # A colleague's reminders are neither counted nor listed.
    assert "通知k11" not in world.client(world.colleague).get(reverse("core:home")).content.decode()
