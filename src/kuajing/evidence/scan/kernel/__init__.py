"""The compiled part of the scanner (numba, ``cache=True``: compiled once per installation; the
cache files under ``__pycache__`` hold machine code only, never data or keys).

Modules: ``shapes`` (digit runs and the token shapes of ``tokens.SHAPES``), ``checks`` (the
recognizers' ``validate`` and ``normalize`` in compiled form, by name), ``candidates`` (the token
pass), ``distinct`` (salted keys of distinct values), ``identify`` (candidates → hash ids),
``hmac`` (``subject_hash`` of many values at once, SHA-256 from OpenSSL).

Each compiled function mirrors a readable reference kept beside it (``tokens.Tokens``, each
recognizer's ``validate``/``normalize``, ``kuajing.secrets.subject_hash``); ``tests/scan/
test_kernel.py`` compares them. Read-only helpers are compiled without reference counting
(``_nrt=False``): in this loop a refcounted array argument costs more than the check itself.
"""
