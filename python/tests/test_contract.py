"""The generated contract (_contract.py, from the TypeScript tables) as the package uses it."""

from tsdask_yarn._contract import ERROR_KINDS
from tsdask_yarn._control import control_code


def test_control_codes_of_answers_are_codes_of_the_table():
    cases = [
        ("UNAUTHORIZED", 401, "CONTROL_UNAUTHORIZED"),
        ("KV_WAIT_TIMEOUT", 408, "CONTROL_KV_WAIT_TIMEOUT"),
        ("KV_NOT_FOUND", 404, "CONTROL_BAD_REQUEST"),
        ("SCALE_REFUSED", 409, "CONTROL_SCALE_REFUSED"),
        (None, 401, "CONTROL_UNAUTHORIZED"),
        (None, 502, "CONTROL_SERVER_ERROR"),
        ("INTERNAL", 500, "CONTROL_SERVER_ERROR"),
    ]
    for server_code, status, want in cases:
        got = control_code(server_code, status)
        assert got == want, (server_code, status, got)
        assert got in ERROR_KINDS
