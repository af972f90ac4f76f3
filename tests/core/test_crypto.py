"""core.crypto: SM4-GCM tokens tagged with their key version, the HMAC-SM3
blind index, key loading (docs/security.md, Encryption of personal
information)."""

from __future__ import annotations

import base64
import os
import re

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from fazhi.core import crypto


def b64(n: int) -> str:
    return base64.b64encode(os.urandom(n)).decode()


K1, K2, IDX = b64(16), b64(16), b64(32)


@pytest.fixture(autouse=True)
def _fresh_keys():
    crypto.reset_cache()
    yield
    crypto.reset_cache()


def test_round_trip_and_token_shape():
    token = crypto.encrypt("110101199003074518")
    assert re.fullmatch(r"v[0-9]+:[A-Za-z0-9+/=]+", token)
    assert "110101199003074518" not in token
    assert crypto.decrypt(token) == "110101199003074518"
    assert crypto.decrypt(crypto.encrypt("镇东村3组12号")) == "镇东村3组12号"
    assert crypto.encrypt("") == "" and crypto.decrypt("") == ""


def test_random_nonce_each_value():
    a, b = crypto.encrypt("13800138000"), crypto.encrypt("13800138000")
    assert a != b
    assert crypto.decrypt(a) == crypto.decrypt(b) == "13800138000"


def test_highest_version_encrypts_and_older_ones_still_decrypt():
    with override_settings(FAZHI_PII_KEYS=f"1:{K1}"):
        old = crypto.encrypt("13800138000")
    assert old.startswith("v1:")
    with override_settings(FAZHI_PII_KEYS=f"1:{K1},2:{K2}", FAZHI_PII_INDEX_KEY=IDX):
        assert crypto.encrypt("x").startswith("v2:")
        assert crypto.decrypt(old) == "13800138000"
        assert crypto.token_version(old) == 1


def test_wrong_key_fails_loudly():
    with override_settings(FAZHI_PII_KEYS=f"1:{K1}"):
        token = crypto.encrypt("13800138000")
    with (
        override_settings(FAZHI_PII_KEYS=f"1:{K2}"),
        pytest.raises(crypto.DecryptionError, match="does not authenticate"),
    ):
        crypto.decrypt(token)
    with (
        override_settings(FAZHI_PII_KEYS=f"2:{K2}"),
        pytest.raises(crypto.DecryptionError, match="not configured"),
    ):
        crypto.decrypt(token)


def test_altered_value_fails_and_plaintext_is_not_a_token():
    with override_settings(FAZHI_PII_KEYS=f"1:{K1}"):
        token = crypto.encrypt("13800138000")
        raw = bytearray(base64.b64decode(token[3:]))
        raw[14] ^= 1
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt("v1:" + base64.b64encode(bytes(raw)).decode())
        with pytest.raises(crypto.DecryptionError, match="not an encrypted value"):
            crypto.decrypt("13800138000")


def test_blind_index_normalises_and_separates_kinds():
    a = crypto.blind_index("id_number", "11010119900307451x")
    assert a == crypto.blind_index("id_number", " 11010119900307451X ")
    assert re.fullmatch(r"[0-9a-f]{64}", a)
    assert crypto.blind_index("phone", "138-0013 8000") == crypto.blind_index(
        "phone", "+8613800138000"
    )
    assert crypto.blind_index("phone", "13800138000") != crypto.blind_index(
        "id_number", "13800138000"
    )
    assert crypto.blind_index("phone", "") == ""
    with pytest.raises(ValueError):
        crypto.blind_index("address", "x")


def test_index_key_is_separate_and_survives_a_new_encryption_key():
    with override_settings(FAZHI_PII_KEYS=f"1:{K1}", FAZHI_PII_INDEX_KEY=IDX):
        before = crypto.blind_index("phone", "13800138000")
    with override_settings(FAZHI_PII_KEYS=f"1:{K1},2:{K2}", FAZHI_PII_INDEX_KEY=IDX):
        assert crypto.blind_index("phone", "13800138000") == before
    with override_settings(FAZHI_PII_KEYS=f"1:{K1}", FAZHI_PII_INDEX_KEY=b64(32)):
        assert crypto.blind_index("phone", "13800138000") != before


def test_key_file(tmp_path):
    path = tmp_path / "pii.keys"
    path.write_text(f"# keys\n1:{K1}\n2:{K2}\nindex:{IDX}\n")
    with override_settings(FAZHI_PII_KEYS="", FAZHI_PII_KEY_FILE=str(path)):
        ring = crypto.keyring()
        assert ring.current == 2 and ring.index_key == base64.b64decode(IDX)
        assert crypto.decrypt(crypto.encrypt("a")) == "a"


def test_key_file_comment_with_a_comma_and_entries_on_one_line(tmp_path):
    """An operator's comment may hold a comma (it split into a bogus entry and
    the server refused to start); entries may share a line, as in FAZHI_PII_KEYS."""
    path = tmp_path / "pii.keys"
    path.write_text(
        f"# rotated 2026-12-01, key 2 current\n1:{K1},2:{K2}\n  # index, kept\nindex:{IDX}\n"
    )
    with override_settings(FAZHI_PII_KEYS="", FAZHI_PII_KEY_FILE=str(path)):
        ring = crypto.keyring()
        assert ring.current == 2 and ring.index_key == base64.b64decode(IDX)


@pytest.mark.parametrize(
    "keys",
    ["1:notbase64!", f"1:{b64(8)}", f"0:{K1}", f"1:{K1},1:{K2}", K1],
    # Named, not shown: the keys are random, and xdist workers must collect
    # the same test ids.
    ids=["not-base64", "short-key", "version-0", "version-twice", "no-version"],
)
def test_malformed_keys_refused(keys):
    with override_settings(FAZHI_PII_KEYS=keys), pytest.raises(crypto.PIIKeyError):
        crypto.encrypt("x")


def test_development_key_file_generated_outside_production(tmp_path):
    with override_settings(
        FAZHI_PII_KEYS="", FAZHI_PII_KEY_FILE="", FAZHI_PRODUCTION=False, VAR_DIR=tmp_path
    ):
        token = crypto.encrypt("13800138000")
        assert (tmp_path / crypto.DEV_KEY_FILE_NAME).exists()
        crypto.reset_cache()
        assert crypto.decrypt(token) == "13800138000"  # the same file, read again


def test_production_refuses_without_keys(tmp_path):
    with override_settings(
        FAZHI_PII_KEYS="",
        FAZHI_PII_KEY_FILE="",
        FAZHI_PII_INDEX_KEY="",
        FAZHI_PRODUCTION=True,
        VAR_DIR=tmp_path,
    ):
        with pytest.raises(crypto.PIIKeyError):
            crypto.encrypt("x")
        assert not (tmp_path / crypto.DEV_KEY_FILE_NAME).exists()
        assert [m.id for m in crypto.check_pii_keys()] == ["fazhi.pii.E001"]
        with pytest.raises(SystemCheckError, match=r"fazhi\.pii\.E001"):
            call_command("check", "--tag", "security")
    with override_settings(FAZHI_PII_KEYS=f"1:{K1}", FAZHI_PRODUCTION=True):
        # an encryption key alone is not enough: the index key is required too
        assert [m.id for m in crypto.check_pii_keys()] == ["fazhi.pii.E001"]
    with override_settings(
        FAZHI_PII_KEYS=f"1:{K1}", FAZHI_PII_INDEX_KEY=IDX, FAZHI_PRODUCTION=True
    ):
        assert crypto.check_pii_keys() == []
