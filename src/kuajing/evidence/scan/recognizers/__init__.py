"""The recognizers: one module per family, discovered by folder (no import list to maintain).

``all_recognizers()`` returns one instance of every concrete ``Recognizer`` subclass defined in a
module of this package, in a stable order (module name, then class name).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from functools import lru_cache

from .base import FieldRecognizer, PatternRecognizer, Recognizer, TokenRecognizer

__all__ = ["all_recognizers", "Recognizer", "TokenRecognizer", "PatternRecognizer",
           "FieldRecognizer"]


@lru_cache(maxsize=1)
def all_recognizers() -> tuple[Recognizer, ...]:
    found: list[Recognizer] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name == "base" or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for name, obj in sorted(vars(module).items()):
            if (inspect.isclass(obj) and issubclass(obj, Recognizer) and obj.__module__ == module.__name__
                    and not inspect.isabstract(obj) and not name.startswith("_")):
                found.append(obj())
    return tuple(found)
