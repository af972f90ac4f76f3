import pytest

from fazhi.core import demo
from fazhi.core.indicators import Period, compute
from fazhi.enforcement.models import Certificate, EnforcementCase

pytestmark = pytest.mark.django_db


def test_demo_certified_2024_is_eleven() -> None:
    # A second build changing nothing is tests/core/test_org_demo.py's (every table).
    world = demo.build()
    township = world.township
    assert compute("enforcement.officers.certified", township, Period.year(2024)) == 11
    assert Certificate.objects.exists() and EnforcementCase.objects.exists()
