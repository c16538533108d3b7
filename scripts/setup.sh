#!/usr/bin/env bash
# docgen setup: system packages (fonts, HarfBuzz subsetting, poppler, LibreOffice) and the Python package.
# Idempotent: every step checks first and skips what is already there. Safe to run again.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
FONT_DIR="${DOCGEN_FONT_DIR:-/usr/local/share/fonts/docgen}"
FC_ALIAS=/etc/fonts/conf.d/60-docgen-official-aliases.conf

say() { printf '[docgen setup] %s\n' "$*"; }

apt_packages=(fonts-noto-cjk libharfbuzz-subset0 poppler-utils libreoffice-writer-nogui fontconfig)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# scripts/cleanvenv.sh (CI) builds a fresh venv: Debian ships venv's pip bootstrap separately.
"$PYTHON" -c 'import ensurepip, venv; ensurepip.version()' >/dev/null 2>&1 || missing+=(python3-venv)
need_fandol=0
[ -f "$FONT_DIR/FandolFang-Regular.otf" ] || need_fandol=1

if [ "${#missing[@]}" -gt 0 ] || [ "$need_fandol" = 1 ]; then
  if [ "$(id -u)" != 0 ]; then
    say "需要 root 权限安装系统组件 / root is needed for the system packages. Run as root, or install by hand:"
    [ "${#missing[@]}" -gt 0 ] && say "  apt-get install -y ${missing[*]}"
    [ "$need_fandol" = 1 ] && say "  Fandol fonts: apt-get download texlive-lang-chinese; dpkg -x it; copy Fandol*-Regular.otf to $FONT_DIR"
    exit 1
  fi
  if [ "${#missing[@]}" -gt 0 ]; then
    say "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  if [ "$need_fandol" = 1 ]; then
    say "extracting the Fandol Regular fonts from Debian's texlive-lang-chinese"
    tmp="$(mktemp -d)"
    (cd "$tmp" && apt-get download -qq texlive-lang-chinese >/dev/null 2>&1 || { apt-get update -qq && apt-get download -qq texlive-lang-chinese; })
    dpkg -x "$tmp"/texlive-lang-chinese_*.deb "$tmp/x"
    mkdir -p "$FONT_DIR"
    # Only the Regular files: the Bold ones declare weight 400 and fontconfig may pick them for plain requests.
    for f in FandolFang FandolSong FandolHei FandolKai; do
      find "$tmp/x" -name "$f-Regular.otf" -exec cp {} "$FONT_DIR/" \;
    done
    rm -rf "$tmp"
  fi
  fc-cache -f >/dev/null
fi

if ! "$PYTHON" -c 'import docgen, weasyprint, docx, pdfplumber' 2>/dev/null \
   || [ "$here/pyproject.toml" -nt "$here/.setup-done" ]; then
  say "pip install -e .[dev]"
  "$PYTHON" -m pip install -q --disable-pip-version-check -e "$here[dev]"
  touch "$here/.setup-done"
fi
# Official font names → the stand-ins chosen here (official fonts, where installed, keep their names).
aliases="$(mktemp)"
"$PYTHON" -m docgen.typeset.fontconfig > "$aliases"
if ! cmp -s "$aliases" "$FC_ALIAS" 2>/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    say "fontconfig aliases for the official font names → $FC_ALIAS"
    install -m 644 "$aliases" "$FC_ALIAS"
    fc-cache -f >/dev/null
  else
    say "as root: python3 -m docgen.typeset.fontconfig > $FC_ALIAS && fc-cache -f"
  fi
fi
rm -f "$aliases"
# Byte-compile docgen (a no-op when up to date): where PYTHONDONTWRITEBYTECODE is set, every process would
# otherwise compile it again (~0.2 s of each command's start).
"$PYTHON" -m compileall -q "$here/docgen" >/dev/null
say "ready"
