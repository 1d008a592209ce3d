"""One exception family, so the CLI can turn any user-caused problem into one line."""

from __future__ import annotations


class StorylineError(Exception):
    """A problem the user can act on; its message is shown as is, without a traceback."""


class InputError(StorylineError):
    """One input (file, archive member, URL, JSON line) could not be read.

    `origin` names the input as the user would recognise it; `problem` says what is wrong.
    """

    def __init__(self, origin: str, problem: str) -> None:
        self.origin = origin
        self.problem = problem
        super().__init__(f"{origin}: {problem}")


class StoreError(StorylineError):
    """The database cannot be opened, migrated or queried as asked."""


class NotFoundError(StorylineError):
    """An id or name given by the user matches nothing (or more than one thing)."""


class TooLargeError(StorylineError):
    """An upload over the size limit."""


def unexpected(exc: BaseException, hint: bool = True) -> str:
    """One line for an error nobody planned for (a bug, a library failing on odd input), as every
    stage records it against the article it was working on; `hint` points to the CLI's --debug."""
    detail = " ".join(str(exc).split())[:200]
    return (f"unexpected {type(exc).__name__}" + (f": {detail}" if detail else "")
            + (" (run with --debug for details)" if hint else ""))
