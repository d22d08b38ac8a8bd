"""Placeholder: being built (issue 5)."""

from flask import Flask


def init_app(app: Flask) -> None:
    pass
