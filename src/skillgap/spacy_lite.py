"""spaCy, imported without its command-line interface.

Why: ``spacy/__init__.py`` imports ``spacy.cli`` (typer, the training and
packaging commands, ~0.2 s) for one re-export, ``spacy.info``. skillgap uses
a blank pipeline and two matchers, and its start-up (~1.3 s in all) is
mostly spaCy, so ``spacy.cli`` is stood in for while spaCy loads, then taken
out again: a later ``import spacy.cli`` loads the real one, and ``spacy.info``
calls it. If the stand-in ever fails (another spaCy version), spaCy is
imported the ordinary way.

Everything else imports spaCy's names from here, so that this runs first.
"""

from __future__ import annotations

import sys
import types
from typing import Any


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``, from the real ``spacy.cli`` loaded on first use."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _import_without_cli() -> types.ModuleType:
    if "spacy" in sys.modules:  # imported already (by the caller's own code)
        return sys.modules["spacy"]
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []  # a package with no submodules but the one below
    info = types.ModuleType("spacy.cli.info")
    info.info = _info  # type: ignore[attr-defined]
    sys.modules.update({"spacy.cli": cli, "spacy.cli.info": info})
    try:
        import spacy

        return spacy
    except (ImportError, AttributeError):
        pass
    finally:
        del sys.modules["spacy.cli"], sys.modules["spacy.cli.info"]
    for name in [n for n in sys.modules if n == "spacy" or n.startswith("spacy.")]:
        del sys.modules[name]  # half imported: start again, the ordinary way
    import spacy

    return spacy


spacy = _import_without_cli()

# spaCy's own modules, loaded by now: imported from here so this module runs first.
from spacy.language import Language  # noqa: E402
from spacy.matcher import PhraseMatcher  # noqa: E402
from spacy.tokenizer import Tokenizer  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

__all__ = ["Doc", "Language", "PhraseMatcher", "Tokenizer", "spacy"]
