"""The package's one error type: the CLI's stable error codes, kept as they are."""

from __future__ import annotations


class TsdaskYarnError(RuntimeError):
    """An operation on a YARN application failed.

    ``code`` is the CLI's stable error code (e.g. ``APP_NOT_RUNNING``, ``SPEC_VALUE``,
    ``CLI_NOT_FOUND``), ``hint`` says what to do, ``exit_code`` is the CLI's exit code when the
    error came from it (2: bad input or configuration, 1: the operation failed). The codes of
    the TypeScript side are in ``_contract.ERROR_KINDS``; ``server_code`` is the control API's
    own code (e.g. ``KV_NOT_FOUND``) when the error is an answer of the ApplicationMaster.
    """

    def __init__(
        self,
        code: str,
        message: str,
        hint: str | None = None,
        exit_code: int | None = None,
        server_code: str | None = None,
    ):
        super().__init__(f"{message}\nhint: {hint}" if hint else message)
        self.code = code
        self.message = message
        self.hint = hint
        self.exit_code = exit_code
        self.server_code = server_code
