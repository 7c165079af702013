"""Fill locale/zh_Hant from locale/zh_Hans with OpenCC (s2hk): ``make messages`` runs it after makemessages.

Only empty or fuzzy Traditional entries are filled, so a translator's own zh_Hant wording is kept.
"""

import pathlib
import sys

import opencc
import polib

ROOT = pathlib.Path(__file__).resolve().parent.parent
SIMPLIFIED = ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"
TRADITIONAL = ROOT / "locale/zh_Hant/LC_MESSAGES/django.po"


def main():
    convert = opencc.OpenCC("s2hk").convert
    source = {(entry.msgctxt, entry.msgid): entry for entry in polib.pofile(str(SIMPLIFIED))}
    target = polib.pofile(str(TRADITIONAL))
    target.metadata["Language"] = "zh_Hant"
    target.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    target.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    filled = 0
    for entry in target:
        simplified = source.get((entry.msgctxt, entry.msgid))
        if simplified is None or (entry.translated() and "fuzzy" not in entry.flags):
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {index: convert(text) for index, text in simplified.msgstr_plural.items()}
        else:
            entry.msgstr = convert(simplified.msgstr)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        filled += 1
    target.save()
    print(f"zh_Hant: {filled} message(s) converted from zh_Hans", file=sys.stderr)


if __name__ == "__main__":
    main()
