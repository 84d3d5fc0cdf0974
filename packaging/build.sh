#!/usr/bin/env bash
# Builds Récolte's one-folder bundle into dist/recolte (Linux, macOS, Windows under Git Bash),
# then, where dpkg-deb exists, dist/recolte_<version>_<arch>.deb. See packaging/README.md.
#
#   bash packaging/build.sh            # PYTHON=/path/to/python to choose the interpreter
#
# The interpreter must have the app's dependencies and PyInstaller: pip install -e ".[bundle]".
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

# The project's venv first (bin/ on Linux and macOS, Scripts/ on Windows), then the PATH's.
if [ -z "${PYTHON:-}" ]; then
  for candidate in .venv/bin/python .venv/Scripts/python.exe; do
    [ -x "$candidate" ] && PYTHON=$candidate && break
  done
fi
if [ -z "${PYTHON:-}" ]; then
  PYTHON=$(command -v python3 || command -v python || true)
fi
[ -n "$PYTHON" ] || { echo "build.sh: no Python found (set PYTHON=…)" >&2; exit 1; }
if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
  echo "build.sh: PyInstaller is missing; install it with: $PYTHON -m pip install -e \".[bundle]\"" >&2
  exit 1
fi
VERSION=$(PYTHONPATH=$ROOT "$PYTHON" -c "import facilitator_app; print(facilitator_app.__version__)")

[ -d resources/icons ] || echo "build.sh: resources/icons is missing: the bundle and the .deb get no icon" >&2

echo "== PyInstaller bundle (Récolte $VERSION)"
start=$(date +%s)
rm -rf dist/recolte "dist/Récolte.app" build/recolte
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN \
  --distpath dist --workpath build packaging/recolte.spec
echo "bundle: dist/recolte ($(du -sh dist/recolte | cut -f1), $(($(date +%s) - start)) s)"

# ---- Linux: a .deb of the bundle --------------------------------------------------------------
if [ "$(uname -s)" != Linux ] || ! command -v dpkg-deb >/dev/null; then
  exit 0
fi
echo "== .deb"
ARCH=$(dpkg --print-architecture)
ID=coop.recolte.Recolte
STAGE=build/deb/recolte
rm -rf build/deb && mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" \
  "$STAGE/usr/share/applications" "$STAGE/usr/share/metainfo" "$STAGE/usr/share/mime/packages" \
  "$STAGE/usr/share/doc/recolte"

cp -a dist/recolte "$STAGE/opt/recolte"
ln -s /opt/recolte/recolte "$STAGE/usr/bin/recolte"
# one desktop file for the wheel and the .deb: both install a `recolte` command
install -m 644 packaging/$ID.desktop "$STAGE/usr/share/applications/$ID.desktop"
install -m 644 packaging/$ID.metainfo.xml "$STAGE/usr/share/metainfo/$ID.metainfo.xml"
install -m 644 packaging/$ID.xml "$STAGE/usr/share/mime/packages/$ID.xml"

# The icon under the application's id, in the hicolor theme; the PNG sizes that exist.
if [ -f resources/icons/recolte.svg ]; then
  mkdir -p "$STAGE/usr/share/icons/hicolor/scalable/apps"
  install -m 644 resources/icons/recolte.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/$ID.svg"
fi
for size in 16 24 32 48 64 128 256 512; do
  png=resources/icons/png/recolte-$size.png
  [ -f "$png" ] || continue
  mkdir -p "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps"
  install -m 644 "$png" "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/$ID.png"
done

{
  echo "Récolte $VERSION: plan, run and harvest participatory events offline."
  echo "License: AGPL-3.0-or-later (see /usr/share/common-licenses/AGPL-3 or the LICENSE"
  echo "file of the source repository). The bundle under /opt/recolte embeds Python, Qt"
  echo "(PySide6, LGPL-3.0), reportlab (BSD), Pillow (MIT-CMU), pypdf (BSD), openpyxl (MIT),"
  echo "qtawesome (MIT, fonts under SIL OFL) and DejaVu fonts (resources/fonts, licence beside them)."
} >"$STAGE/usr/share/doc/recolte/copyright"
[ -f LICENSE ] && install -m 644 LICENSE "$STAGE/usr/share/doc/recolte/LICENSE"

install -m 755 packaging/debian/postinst "$STAGE/DEBIAN/postinst"
install -m 755 packaging/debian/postrm "$STAGE/DEBIAN/postrm"
SIZE=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$SIZE/" \
  packaging/debian/control >"$STAGE/DEBIAN/control"

DEB=dist/recolte_${VERSION}_${ARCH}.deb
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB" >/dev/null
echo "deb: $DEB ($(du -sh "$DEB" | cut -f1), $(($(date +%s) - start)) s in all)"
