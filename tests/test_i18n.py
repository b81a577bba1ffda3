"""Every message the addons export has its Spanish translation in i18n/es.po."""
import json
import os
import subprocess

import pytest

from helpers import ROOT, VENV_PYTHON


ADDONS = ("cx_experience", "cx_nps_survey", "cx_sla", "cx_sla_nps")


@pytest.mark.parametrize("addon", ADDONS)
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


PO_READER = r'''
import json, sys
from babel.messages.pofile import read_po
texts = {}
for addon in sys.argv[1:]:
    for message in read_po(open("%s/i18n/es.po" % addon, "rb")):
        if message.id and message.string and any(
                path.startswith("code:") for path, _line in message.locations):
            texts.setdefault(message.id, {})[addon] = message.string
print(json.dumps(texts))
'''


def test_a_text_of_our_code_reads_the_same_in_every_addon():
    """Odoo keeps one Spanish per source text of the code, whichever addon loaded it
    last: two addons that translate the same English differently make the Spanish a
    user reads depend on the order of an upgrade."""
    done = subprocess.run([VENV_PYTHON, "-c", PO_READER] + list(ADDONS), cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    texts = json.loads(done.stdout)
    assert {source: spanish for source, spanish in texts.items()
            if len(set(spanish.values())) > 1} == {}
