"""Who may do what: the roles, weakest first, and the rule that checks a caller against the
role an operation needs. Each role may do everything the ones before it may."""

import enum
from dataclasses import dataclass

from services.errors import Forbidden, Unauthenticated


class Role(enum.IntEnum):
    reader = 1  # GET
    annotator = 2  # + annotate claims
    editor = 3  # + write claims, speakers and sources
    admin = 4  # + manage keys and statuses, read the audit log


@dataclass(frozen=True)
class Principal:
    """The caller of one request: a key's holder, or anonymous (no key_id)."""

    key_id: int | None = None
    name: str | None = None
    role: Role | None = None

    @property
    def anonymous(self) -> bool:
        return self.key_id is None


ANONYMOUS = Principal()


def authorize(principal: Principal, needed: Role, *, public_read: bool) -> None:
    """Raise unless `principal` may do what needs the role `needed`. Anonymous callers may read
    when `public_read` is on."""
    if principal.role is None:
        if needed == Role.reader and public_read:
            return
        raise Unauthenticated(f"This needs a key with the {needed.name} role: send it as "
                              "`Authorization: Bearer <key>`.")
    if principal.role < needed:
        raise Forbidden(f"This needs the {needed.name} role; the key {principal.name!r} has the "
                        f"{principal.role.name} role.")
