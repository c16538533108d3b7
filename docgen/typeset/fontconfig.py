"""The fontconfig file that lets LibreOffice (and any Linux program) show a docgen DOCX in the right faces.

A DOCX names the official families (仿宋_GB2312, 方正小标宋简体 …), which Linux machines rarely have; without
aliases LibreOffice sets all of them in one sans face, silently. For every role whose official family is
missing here, a strong rule sends the DOCX's name to the stand-in docgen chose, weight included (the 小标宋
stand-in is a Bold face); roles whose official family is installed get no rule, so it wins. Weak aliases for
the other official spellings follow. ``scripts/setup.sh`` writes the output of this module to
``/etc/fonts/conf.d/60-docgen-official-aliases.conf``; run it again after installing official fonts.
"""

from __future__ import annotations

import sys
from xml.sax.saxutils import escape

from .fonts import FALLBACK, OFFICIAL, STAND_IN, FontSet, resolve

INSTALLED_PATH = "/etc/fonts/conf.d/60-docgen-official-aliases.conf"


def fontconfig_text(fonts: FontSet) -> str:
    rules = []
    for choice in fonts.choices.values():
        if choice.official:
            continue
        weight = "bold" if choice.face.weight >= 600 else "regular"
        rules.append(
            f'  <match target="pattern"><test name="family"><string>{escape(choice.docx_name)}</string></test>'
            f'<edit name="family" mode="assign" binding="strong"><string>{escape(choice.face.family)}</string>'
            f'</edit><edit name="weight" mode="assign" binding="strong"><const>{weight}</const></edit></match>'
        )
    for role, names in OFFICIAL.items():
        stand_ins = list(dict.fromkeys([f for f, _ in STAND_IN[role]] + [FALLBACK[role][0]]))
        accept = "".join(f"<family>{escape(s)}</family>" for s in stand_ins)
        for name in names:
            if name != fonts[role].docx_name:
                rules.append(
                    f'  <alias binding="same"><family>{escape(name)}</family><accept>{accept}</accept></alias>'
                )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<!-- written by docgen (docgen/typeset/fontconfig.py) from the fonts installed when setup ran -->\n"
        "<fontconfig>\n" + "\n".join(rules) + "\n</fontconfig>\n"
    )


if __name__ == "__main__":
    sys.stdout.write(fontconfig_text(resolve()))
