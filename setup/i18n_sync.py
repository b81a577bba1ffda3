"""Regenerate each addon's i18n/<addon>.pot from a database where it is installed and
merge it into i18n/es.po, keeping the Spanish already there.

    .venv/bin/python setup/i18n_sync.py DATABASE [addon ...]
    .venv/bin/python setup/i18n_sync.py --check DATABASE [addon ...]   (writes nothing)

Prints, per addon, how many messages still lack a Spanish translation.
"""
import os
import shutil
import subprocess
import sys
import tempfile

from babel.messages.pofile import read_po

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = ("cx_experience", "cx_nps_survey", "cx_sla", "cx_sla_nps")


def export_pot(database, addon, path):
    subprocess.check_call([
        sys.executable, os.path.join(ROOT, "setup", "odoo-bin"),
        "-c", os.path.join(ROOT, ".odoo", "odoo.conf"), "-d", database,
        "--i18n-export=%s" % path, "--modules=%s" % addon, "--stop-after-init",
        "--log-level=warn"])


def merge(addon, pot_path):
    """Write the template verbatim and merge it into es.po with gettext's msgmerge.

    msgmerge keeps Odoo's '#: model:...' and '#: code:...' comments of the template:
    Odoo needs them to load the Spanish of fields, views and data records.
    """
    i18n = os.path.join(ROOT, addon, "i18n")
    os.makedirs(i18n, exist_ok=True)
    shutil.copyfile(pot_path, os.path.join(i18n, "%s.pot" % addon))
    es_path = os.path.join(i18n, "es.po")
    if not os.path.exists(es_path):
        shutil.copyfile(pot_path, es_path)
    subprocess.check_call(["msgmerge", "--quiet", "--no-fuzzy-matching", "--no-wrap",
                           "--update", "--backup=off", es_path, pot_path])
    # msgmerge keeps entries no longer in the template as obsolete '#~' lines: drop them.
    subprocess.check_call(["msgattrib", "--no-obsolete", "--no-wrap", "-o", es_path, es_path])
    # The template's header has an empty Language: say which one this file is.
    with open(es_path, encoding="utf-8") as handle:
        text = handle.read()
    with open(es_path, "w", encoding="utf-8") as handle:
        handle.write(text.replace('"Language: \\n"', '"Language: es\\n"', 1))
    with open(es_path, "rb") as handle:
        catalog = read_po(handle, locale="es")
    return [m.id for m in catalog if m.id and not m.string]


def check(database, addon):
    """Messages of the installed addon that its es.po lacks or leaves untranslated."""
    es_path = os.path.join(ROOT, addon, "i18n", "es.po")
    with open(es_path, "rb") as handle:
        spanish = {m.id: m.string for m in read_po(handle, locale="es") if m.id}
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "%s.po" % addon)
        export_pot(database, addon, pot)
        with open(pot, "rb") as handle:
            wanted = [m.id for m in read_po(handle) if m.id]
    return [msgid for msgid in wanted if not spanish.get(msgid)]


def main():
    args = sys.argv[1:]
    if "--check" in args[1:] or not args or any(a not in ADDONS for a in args[2:]):
        sys.exit(__doc__ + "\nThe addons are: %s" % ", ".join(ADDONS))
    if args and args[0] == "--check":
        database, addons = args[1], args[2:] or ADDONS
        failed = False
        for addon in addons:
            missing = check(database, addon)
            print("%s: %d messages without Spanish" % (addon, len(missing)))
            for msgid in missing:
                print("   ", msgid if isinstance(msgid, str) else msgid[0])
            failed = failed or bool(missing)
        sys.exit(1 if failed else 0)
    database = args[0]
    addons = args[1:] or ADDONS
    if any(addon not in ADDONS for addon in addons):
        sys.exit(__doc__ + "\nThe addons are: %s" % ", ".join(ADDONS))
    for addon in addons:
        with tempfile.TemporaryDirectory() as tmp:
            pot = os.path.join(tmp, "%s.po" % addon)
            export_pot(database, addon, pot)
            missing = merge(addon, pot)
        print("%s: %d messages without Spanish" % (addon, len(missing)))
        for msgid in missing:
            print("   ", msgid if isinstance(msgid, str) else msgid[0])


if __name__ == "__main__":
    main()
