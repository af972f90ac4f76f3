import pytest

from fazhi.core import demo
from fazhi.core.indicators import Period, compute
from fazhi.enforcement.models import Certificate, EnforcementCase

pytestmark = pytest.mark.django_db


def test_demo_certified_2024_is_eleven_and_idempotent() -> None:
    world = demo.build()
    township = world.township
    assert compute("enforcement.officers.certified", township, Period.year(2024)) == 11
    counts = (Certificate.objects.count(), EnforcementCase.objects.count())
    demo.build()
    assert (Certificate.objects.count(), EnforcementCase.objects.count()) == counts
    assert compute("enforcement.officers.certified", township, Period.year(2024)) == 11
