"""A row as an answer presents it: every attribute of the row, plus a few computed ones."""

from typing import Any


class Presented:
    """`Presented(claim, score=0.8)` reads as the claim, with `score` besides. Schemas dump it
    like the row itself; the extra attributes appear only where they were given."""

    def __init__(self, row: Any, **extras: Any) -> None:
        self.row = row
        self.__dict__.update(extras)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)
