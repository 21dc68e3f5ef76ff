"""``python -m scripts …``: see :mod:`scripts.cli`."""

import sys

from scripts.cli import main

sys.exit(main())
