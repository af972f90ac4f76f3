from tests.factories import World, world  # noqa: F401
