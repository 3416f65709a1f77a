"""`python -m entrypoints.cli`: what the tests and benchmarks run when no `weaktie` script is
installed."""

import sys

from entrypoints.cli import main

sys.exit(main())
