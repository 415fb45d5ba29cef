#!/bin/sh
# Installs what the .venv, rendering and the tests need, when missing: python3-venv,
# LibreOffice headless (Writer and Calc) and its Python bridge, the Liberation fonts
# (metric-compatible with Times New Roman), Carlito (metric-compatible with Calibri), Amiri
# and Noto Serif CJK (Arabic and Chinese),
# poppler, chromium with chromium-driver (the workbench's browser tests), pandoc (a test
# reads the Word files' headings with it, as another reader would) and gnumeric (its
# ssconvert reads the workbook in the tests as a second spreadsheet reader).
# Without root or apt it says so and carries on: the .docx/.xlsx builds still work.
missing=""
# Debian's python3 makes virtual environments only with python3-venv (the Makefile's .venv).
python3 -c "import ensurepip, venv" >/dev/null 2>&1 || missing="$missing python3-venv"
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui libreoffice-calc-nogui"
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
# LibreOffice's Python bridge lets one LibreOffice render the annexes and then the paper;
# without it annexgen starts LibreOffice once per pass (slower, same PDFs).
/usr/bin/python3 -c "import uno" >/dev/null 2>&1 || missing="$missing python3-uno"
fc-list 2>/dev/null | grep -q "Liberation Serif" || missing="$missing fonts-liberation2"
# Arabic and Chinese deliverables: Amiri (a Naskh face, 2.6 MB installed) for Arabic, Noto
# Serif CJK SC (fonts-noto-cjk, 91 MB installed, the only Debian serif with the UN's Simplified
# Chinese) for Chinese; without them LibreOffice falls back to whatever covers the script.
fc-list 2>/dev/null | grep -q "Amiri" || missing="$missing fonts-hosny-amiri"
fc-list 2>/dev/null | grep -q "Noto Serif CJK SC" || missing="$missing fonts-noto-cjk"
# Carlito has Calibri's metrics, for a workbook or style that names Calibri.
fc-list 2>/dev/null | grep -q "Carlito" || missing="$missing fonts-crosextra-carlito"
# The workbench's browser tests drive Debian's chromium through its own chromium-driver (one
# source package, so their versions always match).
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v chromedriver >/dev/null 2>&1 || missing="$missing chromium-driver"
command -v pandoc >/dev/null 2>&1 || missing="$missing pandoc"
# gnumeric's ssconvert: the tests read the workbook with a reader other than LibreOffice's.
command -v ssconvert >/dev/null 2>&1 || missing="$missing gnumeric"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null \
        && exit 0
    echo "warning: could not install$missing; PDF rendering and page numbers will be skipped"
else
    echo "note: missing$missing (install them as root with apt-get);"
    echo "      without them annexgen writes the .docx/.xlsx files but no PDFs or page numbers"
fi
exit 0
