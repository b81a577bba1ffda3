"""Load with `-p pytest_odoo_fix` (setup/ on PYTHONPATH) beside pytest-odoo 1.0.1.

pytest-odoo 1.0.1 looks for an addon manifest above every collected folder and reads a
file that does not exist when the folder is not inside an addon (for example the
folders above Odoo's own addons in the venv), which aborts the collection. Return no
manifest in that case, so Odoo's and OCA's own test suites can be collected too.
"""
from pathlib import Path

import pytest_odoo

_original = pytest_odoo._find_manifest_path


def _find_manifest_path(collection_path: Path):
    found = _original(collection_path)
    return found if found.is_file() else None


pytest_odoo._find_manifest_path = _find_manifest_path
