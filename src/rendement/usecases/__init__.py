"""What a person does with rendement, once for both shells (the CLI and the web).

Each module is one area: ``accounts`` (people, organisations, sign-in, tokens), ``cases`` (a
case in the web instrument: see, evaluate, save, history). The CLI and the web call these and
only present what they return; errors are :class:`rendement.model.errors.UserError` with a
``kind`` that each shell maps in one place.
"""

from rendement.usecases.errors import ForbiddenError, UnauthorisedError

__all__ = ["ForbiddenError", "UnauthorisedError"]
