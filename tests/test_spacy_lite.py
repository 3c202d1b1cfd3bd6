"""spaCy is loaded without its command line, which comes back when asked for."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
from skillgap.extract import get_extractor
get_extractor()
assert "spacy.cli" not in sys.modules and "typer" not in sys.modules, "CLI was loaded"
import spacy
assert spacy.info()["spacy_version"] == spacy.__version__
import spacy.cli
assert callable(spacy.cli.download) and "typer" in sys.modules
print("ok")
"""


def test_spacy_loads_without_its_cli_and_gives_it_back_on_demand() -> None:
    # a fresh interpreter: this test process may have imported spaCy already
    done = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
