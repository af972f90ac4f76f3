"""Encryption at rest of citizens' identities (PIPL art. 51; GB/T 22239-2019
8.1.4.8 confidentiality of important personal information in storage).

- `encrypt` / `decrypt`: SM4 (GB/T 32907-2016) in GCM mode through pyca
  `cryptography`, a random 96-bit nonce per value. A stored value is
  ``"v<version>:" + base64(nonce | ciphertext | 16-byte tag)``: the version
  names the key, so values written under an older key stay readable after a
  new key is added and `manage.py rotate_pii_key` can find and move them.
- `blind_index(kind, value)`: HMAC-SM3 (GB/T 32905-2016) over the normalised
  value, the kind ("id_number", "phone") separating the domains, so equal ID
  numbers or phones are found by equality without decrypting a row and an ID
  number never matches a phone. Its key is separate from the encryption keys
  and is never rotated by `rotate_pii_key` (docs/security.md says why).

Keys (docs/security.md, "Encryption of personal information"):
- `FAZHI_PII_KEYS` = ``"1:<base64 16 bytes>,2:<base64 16 bytes>"``; the highest
  version encrypts, every listed version decrypts; or
- `FAZHI_PII_KEY_FILE`: a file outside the database holding the same entries,
  one a line (``1:<base64>``), optionally ``index:<base64>``.
- `FAZHI_PII_INDEX_KEY` (base64, 32 bytes) or the file's ``index:`` line: the
  blind-index key. Required in production; outside production, when missing,
  it is derived (HKDF-SM3) from the lowest-numbered encryption key.
- Outside production (FAZHI_PRODUCTION unset: DEBUG, tests, `make demo`), when
  nothing is configured, a development key file ``var/pii-dev.keys`` is
  generated once and used. In production nothing is generated: the system
  check `fazhi.pii.E001` refuses to start without keys.

Each is read from the Django setting of the same name first, then from the
environment (tests override the settings).
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

from . import batch
from .validators import normalize_id_number, normalize_phone

NONCE_BYTES = 12  # 96 bits, the GCM nonce size NIST SP 800-38D recommends
TAG_BYTES = 16
KEY_BYTES = 16  # SM4 has a 128-bit key
INDEX_KEY_BYTES = 32
DEV_KEY_FILE_NAME = "pii-dev.keys"

TOKEN_RE = re.compile(r"^v([0-9]+):([A-Za-z0-9+/=]+)$")

# Blind-index kinds and how each value is normalised before hashing: the same
# number typed with spaces, a dash or a lower-case x finds the same row.
_PHONE_STRIP = re.compile(r"[\s\-()（）]")


def _normalise_phone(value: str) -> str:
    # A mobile as written (0086 138-…) is its 11 digits first, as stored.
    value = _PHONE_STRIP.sub("", normalize_phone(value))
    if value.startswith("+86"):
        value = value[3:]
    return value


NORMALISERS = {
    "id_number": normalize_id_number,
    "phone": _normalise_phone,
}


class PIIKeyError(ImproperlyConfigured):
    """Keys missing or malformed."""


class DecryptionError(ValueError):
    """A stored value that the configured keys cannot open: a wrong or missing
    key, or a value altered in the database. Never answered with garbage."""


@dataclass(frozen=True)
class KeyRing:
    keys: dict[int, bytes]
    index_key: bytes
    source: str  # "settings", "file <path>", "development file <path>"

    @property
    def current(self) -> int:
        return max(self.keys)


def _setting(name: str) -> str:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, "")
    return str(value or "").strip()


def is_production() -> bool:
    value = getattr(settings, "FAZHI_PRODUCTION", None)
    if value is None:
        value = os.environ.get("FAZHI_PRODUCTION", "")
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def _b64key(text: str, size: int, what: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise PIIKeyError(f"{what}: not valid base64") from exc
    if len(raw) != size:
        raise PIIKeyError(f"{what}: {len(raw)} bytes, expected {size}")
    return raw


def _parse_entries(entries: list[str], where: str) -> tuple[dict[int, bytes], bytes | None]:
    keys: dict[int, bytes] = {}
    index: bytes | None = None
    for entry in entries:
        entry = entry.strip()
        if not entry or entry.startswith("#"):
            continue
        label, sep, b64 = entry.partition(":")
        if not sep:
            raise PIIKeyError(f"{where}: entry without 'version:' ({label[:2]}…)")
        label = label.strip().lower().lstrip("v")
        if label == "index":
            index = _b64key(b64, INDEX_KEY_BYTES, f"{where} index key")
            continue
        if not label.isdigit() or int(label) < 1:
            raise PIIKeyError(f"{where}: key version must be a positive number")
        version = int(label)
        if version in keys:
            raise PIIKeyError(f"{where}: key version {version} listed twice")
        keys[version] = _b64key(b64, KEY_BYTES, f"{where} key {version}")
    return keys, index


def dev_key_file() -> Path:
    return Path(getattr(settings, "VAR_DIR", Path("var"))) / DEV_KEY_FILE_NAME


def _write_dev_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (
        "# fazhi development PII keys, generated because none was configured.\n"
        "# Never used in production (FAZHI_PRODUCTION=1 refuses to start without keys).\n"
        f"1:{base64.b64encode(os.urandom(KEY_BYTES)).decode()}\n"
        f"index:{base64.b64encode(os.urandom(INDEX_KEY_BYTES)).decode()}\n"
    )
    # Written whole under a temporary name, then linked into place: two
    # processes starting together (test workers) never read a half-written
    # file, and the second one's link fails, so both use the first one's keys.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()


def _derive_index_key(keys: dict[int, bytes]) -> bytes:
    lowest = keys[min(keys)]
    return HKDF(
        algorithm=hashes.SM3(), length=INDEX_KEY_BYTES, salt=None, info=b"fazhi-pii-blind-index"
    ).derive(lowest)


def configured() -> bool:
    """Keys come from the deployment (not the development file)."""
    return bool(_setting("FAZHI_PII_KEYS") or _setting("FAZHI_PII_KEY_FILE"))


def load_keyring() -> KeyRing:
    index: bytes | None = None
    env_keys = _setting("FAZHI_PII_KEYS")
    key_file = _setting("FAZHI_PII_KEY_FILE")
    if env_keys:
        keys, index = _parse_entries(env_keys.split(","), "FAZHI_PII_KEYS")
        source = "settings"
    elif key_file:
        path = Path(key_file)
        try:
            text = path.read_text()
        except OSError as exc:
            raise PIIKeyError(f"FAZHI_PII_KEY_FILE {path}: {exc.strerror}") from exc
        # One entry a line, or several separated by commas as in FAZHI_PII_KEYS;
        # a comment line is dropped whole first, so a comma in it splits nothing.
        entries = [
            entry
            for line in text.splitlines()
            if not line.strip().startswith("#")
            for entry in line.split(",")
        ]
        keys, index = _parse_entries(entries, str(path))
        source = f"file {path}"
    elif is_production():
        raise PIIKeyError(
            "No PII encryption key: set FAZHI_PII_KEYS or FAZHI_PII_KEY_FILE "
            "(docs/security.md, Encryption of personal information)."
        )
    else:
        path = dev_key_file()
        if not path.exists():
            _write_dev_key_file(path)
        keys, index = _parse_entries(path.read_text().splitlines(), str(path))
        source = f"development file {path}"
    if not keys:
        raise PIIKeyError(f"PII keys from {source}: no encryption key listed")
    env_index = _setting("FAZHI_PII_INDEX_KEY")
    if env_index:
        index = _b64key(env_index, INDEX_KEY_BYTES, "FAZHI_PII_INDEX_KEY")
    if index is None:
        if is_production():
            raise PIIKeyError("No blind-index key: set FAZHI_PII_INDEX_KEY (base64, 32 bytes).")
        index = _derive_index_key(keys)
    return KeyRing(keys=keys, index_key=index, source=source)


_lock = threading.Lock()
_ring: KeyRing | None = None
WATCHED = frozenset(
    {"FAZHI_PII_KEYS", "FAZHI_PII_KEY_FILE", "FAZHI_PII_INDEX_KEY", "FAZHI_PRODUCTION", "VAR_DIR"}
)


def keyring() -> KeyRing:
    """The keys, loaded once per process (a test's settings override of one
    of the key settings loads them again: `setting_changed`)."""
    global _ring
    ring = _ring
    if ring is None:
        with _lock:
            if _ring is None:
                _ring = load_keyring()
            ring = _ring
    return ring


def reset_cache() -> None:
    global _ring
    _ring = None


@receiver(setting_changed)
def _settings_changed(setting: str, **kwargs: Any) -> None:
    if setting in WATCHED:
        reset_cache()


def _cipher(key: bytes, nonce: bytes, tag: bytes | None = None) -> Cipher[Any]:
    return Cipher(algorithms.SM4(key), modes.GCM(nonce, tag))


def encrypt(plain: str, *, version: int | None = None) -> str:
    """The stored form of `plain` under the current key (or `version`).
    The empty string stays empty: a blank field shows as blank, which says
    nothing about a person."""
    if plain == "":
        return ""
    ring = keyring()
    version = ring.current if version is None else version
    key = ring.keys[version]
    nonce = os.urandom(NONCE_BYTES)
    enc = _cipher(key, nonce).encryptor()
    ct = enc.update(plain.encode("utf-8")) + enc.finalize()
    return f"v{version}:" + base64.b64encode(nonce + ct + enc.tag).decode("ascii")


def token_version(token: str) -> int | None:
    """The key version a stored value was written under (None: not a token)."""
    m = TOKEN_RE.match(token or "")
    return int(m.group(1)) if m else None


def is_token(value: str) -> bool:
    return token_version(value) is not None


def decrypt(token: str) -> str:
    """The plaintext of a stored value. Raises DecryptionError when the value
    is not a token, names a key version not configured, or fails the GCM tag
    (wrong key or altered value)."""
    if token == "":
        return ""
    m = TOKEN_RE.match(token or "")
    if not m:
        raise DecryptionError("not an encrypted value (expected 'v<version>:<base64>')")
    version = int(m.group(1))
    ring = keyring()
    key = ring.keys.get(version)
    if key is None:
        raise DecryptionError(
            f"value encrypted under key version {version}, which is not configured "
            f"(configured: {sorted(ring.keys)})"
        )
    raw = base64.b64decode(m.group(2))
    if len(raw) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionError("encrypted value too short")
    nonce, ct, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    dec = _cipher(key, nonce, tag).decryptor()
    try:
        plain = dec.update(ct) + dec.finalize()
    except InvalidTag as exc:
        raise DecryptionError(
            f"value under key version {version} does not authenticate: wrong key or altered value"
        ) from exc
    return plain.decode("utf-8")


def normalise(kind: str, value: str) -> str:
    try:
        return NORMALISERS[kind](value or "")
    except KeyError:
        raise ValueError(f"no blind index for {kind!r} (known: {sorted(NORMALISERS)})") from None


def blind_index(kind: str, value: str) -> str:
    """HMAC-SM3 over ``kind + NUL + normalised value``, hex (64 characters).
    An empty value has the empty index (a blank is never matched).

    Inside a run of many steps (core.batch: a ledger import) a kind and
    value's index is computed once: a 10^4-row ledger asked for it up to
    eight times a row (the person's lookup and insert, the petitioner's
    insert, the search entries' numbers) for two numbers."""
    if batch.active():
        return batch.memo(("blind-index", kind, value), lambda: _blind_index(kind, value))
    return _blind_index(kind, value)


def _blind_index(kind: str, value: str) -> str:
    norm = normalise(kind, value)
    if not norm:
        return ""
    mac = hmac.HMAC(keyring().index_key, hashes.SM3())
    mac.update(kind.encode("ascii") + b"\x00" + norm.encode("utf-8"))
    return mac.finalize().hex()


@checks.register(checks.Tags.security)
def check_pii_keys(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Production refuses to start without deployment keys (never the
    development file) and without a separate blind-index key."""
    if not is_production():
        return []
    try:
        ring = load_keyring()
    except PIIKeyError as exc:
        return [
            checks.Error(
                f"Personal information cannot be encrypted: {exc}",
                hint="Set FAZHI_PII_KEYS or FAZHI_PII_KEY_FILE and FAZHI_PII_INDEX_KEY "
                "(docs/operations.md, PII keys).",
                id="fazhi.pii.E001",
            )
        ]
    return [] if ring.keys else [checks.Error("No PII key", id="fazhi.pii.E001")]
