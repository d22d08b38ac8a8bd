"""gunicorn's access log, with any API key blotted out: a client that puts its key in a URL by
mistake (where it is refused) must not leave it in the log. gunicorn.conf.py names this class."""

import re
from typing import Any

from gunicorn.glogging import Logger, SafeAtoms

KEY_IN_TEXT = re.compile(r"qc_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")


def redact(text: str) -> str:
    """`qc_3f9a1b2c4d5e_<secret>` becomes `qc_3f9a1b2c4d5e_[redacted]`: the public prefix stays."""
    if "qc_" not in text:  # every key starts so: most text is spared the regex
        return text
    return KEY_IN_TEXT.sub(lambda match: match.group(0)[:16] + "[redacted]", text)


class RedactedAtoms(SafeAtoms):
    """gunicorn's SafeAtoms (quotes escaped, '-' for what is missing, `{header}i` in any case),
    with keys blotted out; each atom is prepared when the format names it, not all ~60 of them
    (every header and environ entry) on every request. A key has no quote in it, so escaping
    and blotting out may come in either order."""

    def __init__(self, atoms: dict[str, Any]) -> None:
        dict.__init__(self, atoms)

    def __getitem__(self, name: str) -> Any:
        if name.startswith("{"):
            name = name.lower()
        if not dict.__contains__(self, name):
            return "-"
        value = dict.__getitem__(self, name)
        if isinstance(value, str):
            return redact(value.replace('"', '\\"'))
        return value


class RedactingLogger(Logger):
    atoms_wrapper_class = RedactedAtoms
