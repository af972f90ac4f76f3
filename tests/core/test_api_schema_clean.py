"""drf-spectacular generates the OpenAPI schema without a warning or an error:
each one is a field, parameter or response a client would read with a guessed
type, a hashed enum name or a numbered operation id (`make checks` runs
`spectacular --validate --fail-on-warn` for the same reason)."""

from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema


def test_schema_generates_without_warnings() -> None:
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator().get_schema(request=None, public=True)
    problems = sorted(GENERATOR_STATS._warn_cache) + sorted(GENERATOR_STATS._error_cache)
    GENERATOR_STATS.reset()
    assert problems == []
    validate_schema(schema)
