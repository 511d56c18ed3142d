"""Execution that gives the event loop a turn between slices of a long list.

graphql-core completes the items of a list in one uninterrupted stretch: for a page of a thousand users
with a dozen fields that is tens of thousands of field completions while no other request is served.
Handed to the executor as an async iterable instead (which it supports for any list field), a long list
is completed one slice at a time, and the loop serves other requests between slices.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from typing import Any

from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

SLICE = 16


async def _in_slices(items: Sequence[Any]) -> AsyncIterator[Any]:
    for index, item in enumerate(items):
        if index and not index % SLICE:
            await asyncio.sleep(0)
        yield item


class SlicedExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def complete_list_value(self, *args: Any) -> Any:
        # (return_type, field_details_list, info, path, result, position_context), as graphql-core passes them
        result = args[4]
        if isinstance(result, list | tuple) and len(result) > SLICE:
            args = (*args[:4], _in_slices(result), *args[5:])
        return super().complete_list_value(*args)
