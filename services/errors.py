"""Domain errors. api/errors.py maps each to an application/problem+json response."""

from typing import Any


class DomainError(Exception):
    """Base class: `slug` names the problem type, `detail` says what happened to a person."""

    slug = "domain-error"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(DomainError):
    slug = "not-found"


class Gone(DomainError):
    """The resource existed and was retracted; `extra` says when and why."""

    slug = "retracted"


class Conflict(DomainError):
    """The write would duplicate something that exists: `existing` names it as (kind, key),
    e.g. ("claim", 12), and the API turns that into a Location."""

    slug = "conflict"

    def __init__(self, detail: str, *, existing: tuple[str, int | str] | None = None,
                 slug: str | None = None, **extra: Any) -> None:
        super().__init__(detail, **extra)
        self.existing = existing
        if slug:
            self.slug = slug


class RuleViolation(DomainError):
    """Well-formed input that breaks a newsroom rule; `errors` names the fields at fault."""

    slug = "rule-violation"

    def __init__(self, detail: str, *, errors: dict[str, list[str]] | None = None,
                 slug: str | None = None) -> None:
        super().__init__(detail)
        self.errors = errors or {}
        if slug:
            self.slug = slug


class PreconditionFailed(DomainError):
    """The client's If-Match names a version that is no longer current."""

    slug = "precondition-failed"


class Unauthenticated(DomainError):
    """No usable credentials: a key is needed and none came, or the one that came is unknown,
    expired or revoked (`invalid` says it was presented)."""

    slug = "unauthenticated"

    def __init__(self, detail: str, *, invalid: bool = False) -> None:
        super().__init__(detail)
        self.invalid = invalid
        if invalid:
            self.slug = "invalid-key"


class Forbidden(DomainError):
    """A valid key whose role is too weak for the operation."""

    slug = "forbidden"
