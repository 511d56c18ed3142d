"""The marker of an input field the caller left out: an update keeps that field as it is, while ``None``
says "no value" (cleared, or back to the default)."""

from __future__ import annotations

import enum
from typing import Final, Literal


class Unset(enum.Enum):
    """The type of ``UNSET``: a field left out of an input."""

    UNSET = "UNSET"

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET
