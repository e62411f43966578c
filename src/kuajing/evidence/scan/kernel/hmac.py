"""Keyed hashes of many values at once: ``kuajing.secrets.subject_hash`` for each message.

``HMAC-SHA256(key, entity + NUL + normalised)``, first 16 bytes as 32 hex characters. The inner
and outer SHA-256 states of the key are computed once; each message then costs two SHA-256
updates. SHA-256 itself is always a library's: OpenSSL's ``SHA256_Update``/``SHA256_Final``
(the libcrypto Python's ``hashlib`` is linked with), called from compiled code when it can be
loaded and passes a self-test against ``hmac``; otherwise ``hashlib`` from Python, one message at
a time (same result, about ten times slower).
"""

from __future__ import annotations

import ctypes
import hashlib
import hmac as _hmac

import numpy as np
from numba import njit, types

__all__ = ["Hasher"]

_CTX = 128          # bytes reserved for an OpenSSL SHA256_CTX (112 bytes in OpenSSL 1.1 and 3.x)
_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8).copy()


def _libcrypto_path() -> str | None:
    """The libcrypto that ``_hashlib`` is linked with (from the process map), else the system's."""
    import _hashlib  # noqa: F401 - loads libcrypto into the process

    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                path = line.rsplit(" ", 1)[-1].strip()
                if "/libcrypto.so" in path:
                    return path
    except OSError:
        pass
    import ctypes.util

    return ctypes.util.find_library("crypto")


def _load_openssl():
    path = _libcrypto_path()
    if not path:
        return None
    lib = ctypes.CDLL(path)
    for name in ("SHA256_Init", "SHA256_Update", "SHA256_Final"):
        if not hasattr(lib, name):
            return None
    import llvmlite.binding as llb

    llb.load_library_permanently(path)
    return lib


try:
    _LIB = _load_openssl()
except Exception:  # noqa: BLE001 - any problem loading OpenSSL means: hash from Python
    _LIB = None

_update = types.ExternalFunction("SHA256_Update", types.int32(types.voidptr, types.voidptr, types.uintp))
_final = types.ExternalFunction("SHA256_Final", types.int32(types.voidptr, types.voidptr))


@njit(cache=True)
def _hmac_hex(inner, outer, buf, offs, out):
    ctx = np.empty(_CTX, dtype=np.uint8)
    md = np.empty(32, dtype=np.uint8)
    for i in range(offs.shape[0] - 1):
        ctx[:] = inner
        _update(ctx.ctypes.data, buf[offs[i]:].ctypes.data, offs[i + 1] - offs[i])
        _final(md.ctypes.data, ctx.ctypes.data)
        ctx[:] = outer
        _update(ctx.ctypes.data, md.ctypes.data, 32)
        _final(md.ctypes.data, ctx.ctypes.data)
        for j in range(16):
            out[i, 2 * j] = _HEX[md[j] >> 4]
            out[i, 2 * j + 1] = _HEX[md[j] & 15]


def _pads(key: bytes) -> tuple[bytes, bytes]:
    k = key if len(key) <= 64 else hashlib.sha256(key).digest()
    k = k.ljust(64, b"\0")
    return bytes(b ^ 0x36 for b in k), bytes(b ^ 0x5C for b in k)


class Hasher:
    """``hex_many(buf, offs)``: 32 hex characters (uint8, n × 32) per message ``buf[offs[i]:offs[i+1]]``."""

    def __init__(self, key: bytes) -> None:
        ipad, opad = _pads(key)
        self._inner = hashlib.sha256(ipad)
        self._outer = hashlib.sha256(opad)
        self.compiled = False
        if _LIB is not None:
            try:
                self._ictx, self._octx = self._state(ipad), self._state(opad)
                self.compiled = self._self_test(key)
            except Exception:  # noqa: BLE001 - fall back to hashlib
                self.compiled = False

    @staticmethod
    def _state(block: bytes) -> np.ndarray:
        ctx = (ctypes.c_uint8 * _CTX)()
        _LIB.SHA256_Init(ctx)
        _LIB.SHA256_Update(ctx, block, ctypes.c_size_t(64))
        return np.frombuffer(bytes(ctx), dtype=np.uint8).copy()

    def _self_test(self, key: bytes) -> bool:
        msgs = [b"", b"cn_mobile\x0013812345678", b"email\x00" + b"x" * 120]
        # a writable buffer, like the messages ``hex_many`` gets (numba compiles one version per
        # array kind: this call also loads the one the scan uses)
        buf = np.frombuffer(b"".join(msgs) or b"\0", dtype=np.uint8).copy()
        offs = np.cumsum([0] + [len(m) for m in msgs]).astype(np.int64)
        out = np.empty((len(msgs), 32), dtype=np.uint8)
        _hmac_hex(self._ictx, self._octx, buf, offs, out)
        want = [_hmac.new(key, m, hashlib.sha256).hexdigest()[:32].encode() for m in msgs]
        return [bytes(r) for r in out] == want

    def hex_one(self, message: bytes) -> str:
        inner = self._inner.copy()
        inner.update(message)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()[:32]

    def hex_many(self, buf: np.ndarray, offs: np.ndarray) -> np.ndarray:
        n = len(offs) - 1
        out = np.empty((n, 32), dtype=np.uint8)
        if n <= 0:
            return out
        if self.compiled:
            _hmac_hex(self._ictx, self._octx, buf, offs, out)
            return out
        raw = buf.tobytes()
        o = offs.tolist()
        joined = "".join(self.hex_one(raw[o[i]:o[i + 1]]) for i in range(n))
        out[:] = np.frombuffer(joined.encode("ascii"), dtype=np.uint8).reshape(n, 32)
        return out
