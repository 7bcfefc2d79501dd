"""The damage check's own ASCII85 decoder gives what the standard library's gives, errors too."""
import base64

import pytest

from riskreg.extract.integrity import _a85decode


def _outcome(decode, data):
    try:
        return decode(data)
    except ValueError as exc:
        return ("ValueError", str(exc))


@pytest.mark.parametrize("data", [
    b"", b"u", b"!", b"uuuu", b"uuuuu",  # 85 ** 5 - 1: over 32 bits
    b"s8W-!", b"s8W-\"", b"s8W-", b"s8W", b"s8", b"s",  # the largest group, one over it, short groups
    b"87cURD]i,\"Ebo80", b"87cU RD]i,\n\"Eb\to80\r", b"87cURD]i,\"Ebo8", b"87cURD]i,\"Ebo",
    b"z", b"zz87cUR", b"87z", b"87cUR~", b"87cUR{", b"87cUR\x00",  # z groups, letters outside ASCII85
    base64.a85encode(bytes(range(256)) * 3), base64.a85encode(bytes(1000)),
])
def test_a85decode_is_the_standard_librarys(data):
    assert _outcome(_a85decode, data) == _outcome(base64.a85decode, data)
