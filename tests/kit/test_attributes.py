"""One attribute validator for users, groups and roles, and one visibility rule."""

from __future__ import annotations

import pytest

from core.errors import InvalidInput
from resolvers.kit.attributes import check_attributes, visible_attributes
from resolvers.kit.management import PERMISSIONS_KEY


def test_attributes_are_lists_of_strings() -> None:
    assert check_attributes({"a": "x", "b": ["1", "2"]}) == {"a": ["x"], "b": ["1", "2"]}
    for bad in ("x", {"a": 1}, {"a": ["x", 2]}):
        with pytest.raises(InvalidInput):
            check_attributes(bad)


def test_the_reserved_switch_is_refused_and_never_shown() -> None:
    with pytest.raises(InvalidInput, match="reserved"):
        check_attributes({PERMISSIONS_KEY: ["true"]})
    assert visible_attributes({"a": ["x"], PERMISSIONS_KEY: True}) == {"a": ["x"]}
