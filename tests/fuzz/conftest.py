"""Keep Hypothesis's files (example database, Unicode tables) out of the repository."""

from __future__ import annotations

import tempfile

from hypothesis.configuration import set_hypothesis_home_dir

set_hypothesis_home_dir(tempfile.mkdtemp(prefix="fuzz-hypothesis-"))
