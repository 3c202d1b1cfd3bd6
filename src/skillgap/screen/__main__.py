"""``python -m skillgap.screen INPUT ... --out FILE`` (same as ``skillgap screen``)."""

import sys

from .cli import main

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
