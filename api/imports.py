"""Placeholder: being built (issue 5)."""

from api.openapi import Blueprint

blp = Blueprint("imports", __name__)
