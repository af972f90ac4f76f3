from tests.factories import world  # noqa: F401  (the personas fixture)
