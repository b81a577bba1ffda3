"""Every message the addons export has its Spanish translation in i18n/es.po."""
import os
import subprocess

import pytest

from helpers import ROOT, VENV_PYTHON


@pytest.mark.parametrize("addon", ["cx_experience", "cx_nps_survey", "cx_sla", "cx_sla_nps"])
def test_every_message_has_spanish(addon, database):
    done = subprocess.run(
        [VENV_PYTHON, os.path.join(ROOT, "setup", "i18n_sync.py"), "--check", database, addon],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "%s: 0 messages without Spanish" % addon in done.stdout


def test_spanish_is_loaded_in_the_database(admin):
    """The Spanish of a stage name reaches a user who reads in Spanish."""
    names = admin.call("cx.lifecycle.stage", "search_read", [("code", "=", "churned")],
                       fields=["name"], context={"lang": "es_ES"})
    assert names[0]["name"] == "Deserción"
