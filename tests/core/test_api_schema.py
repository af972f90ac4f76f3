"""The OpenAPI schema is generated for the whole API without two components
claiming one name (which would make clients read the wrong shape)."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_schema_generates_without_component_collisions(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--file", str(out), "--validate")
    captured = capsys.readouterr()
    assert out.stat().st_size > 10_000
    assert "identical names" not in captured.err + captured.out
    text = out.read_text()
    for path in ("/api/v1/people/", "/api/v1/units/"):
        assert path in text
