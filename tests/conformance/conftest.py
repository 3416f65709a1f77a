"""The harness asserts on fixtures' shapes: let pytest rewrite its asserts for clear messages."""

import pytest

pytest.register_assert_rewrite("tests.conformance.harness")
