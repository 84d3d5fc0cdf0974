#!/usr/bin/env bash
# Installs dist/recolte_*.deb on this Debian machine (as root) and checks what a facilitator's
# desktop relies on: the .recolte type, the desktop entry, the AppStream metadata, the icon and
# the `recolte` command. Run by .ci/run and the ubuntu job of .github/workflows/bundle.yml after
# packaging/build.sh. Installs the checking tools with apt-get when they are missing.
#   bash packaging/check-deb.sh [EVENT.recolte]   # a demo is made when none is given
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo

need=()
command -v desktop-file-validate >/dev/null || need+=(desktop-file-utils)
command -v xdg-mime >/dev/null || need+=(xdg-utils)
command -v mimetype >/dev/null || need+=(libfile-mimeinfo-perl)  # xdg-mime's reader of the MIME database
command -v update-mime-database >/dev/null || need+=(shared-mime-info)
command -v appstreamcli >/dev/null || need+=(appstream)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing the checking tools: ${need[*]}"
  ($SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
     --no-install-recommends "${need[@]}") >/dev/null
fi

deb=$(ls dist/recolte_*.deb | tail -n 1)
echo "== dpkg -i $deb"
# the package's Depends are Qt's libraries (.ci/run installs them); apt fixes any missing one
$SUDO dpkg -i "$deb" || (DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -f >/dev/null \
  && dpkg -s recolte >/dev/null)

ID=coop.recolte.Recolte
event=${1:-}
if [ -z "$event" ]; then
  event=$(mktemp -d)/demo.recolte
  QT_QPA_PLATFORM=offscreen recolte demo "$event"
fi
copy=$(dirname "$event")/sans-extension  # the magic alone, as on a USB key that lost the name
cp "$event" "$copy"

fail=0
check() {  # check WHAT EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then echo "ok: $1: $3"; else echo "FAILED: $1: expected $2, got $3"; fail=1; fi
}
check "xdg-mime query filetype demo.recolte" application/x-recolte "$(xdg-mime query filetype "$event")"
check "xdg-mime query filetype (no extension)" application/x-recolte "$(xdg-mime query filetype "$copy")"
plain=$(dirname "$event")/plain-sqlite  # any other SQLite file keeps its type
python3 -c "import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute('create table t(x)')" "$plain"
check "xdg-mime query filetype (other SQLite)" application/vnd.sqlite3 "$(xdg-mime query filetype "$plain")"
check "default application" $ID.desktop "$(xdg-mime query default application/x-recolte)"
version=$(dpkg-query -W -f='${Version}' recolte)
check "recolte --version names $version" "$version" "$(recolte --version | grep -o "$version" || true)"
if [ -d resources/icons ]; then
  for size in 16x16 48x48 256x256 512x512 scalable; do
    icon=$(ls /usr/share/icons/hicolor/$size/apps/$ID.* 2>/dev/null || true)
    check "icon $size" installed "$([ -n "$icon" ] && echo installed || echo "missing")"
  done
else
  echo "skipped: no resources/icons in this tree, so no icon in the package"
fi

echo "== desktop-file-validate"
desktop-file-validate /usr/share/applications/$ID.desktop || fail=1
echo "== appstreamcli validate --no-net"
appstreamcli validate --no-net /usr/share/metainfo/$ID.metainfo.xml || fail=1
exit $fail
