#!/usr/bin/env bash
# Draws the app icon (a pitch contour over a speech waveform) with ImageMagick and writes what
# electron-builder reads from resources/icons: icon.png (1024², converted for macOS and Linux) and
# icon.ico (Windows, 16–256 px). Re-run after changing the drawing: bash scripts/icons/make-icons.sh
set -euo pipefail
out="$(dirname "$0")/../../resources/icons"
mkdir -p "$out"
bars=""
x=212
for h in 84 184 304 224 364 244 144 204 74; do
  bars="$bars roundrectangle $x,$((512 - h / 2)) $((x + 40)),$((512 + h / 2)) 20,20"
  x=$((x + 70))
done
convert -size 1024x1024 xc:none \
  -fill '#34497f' -draw 'roundrectangle 64,64 960,960 200,200' \
  -fill '#ffffff59' -draw "$bars" \
  -fill none -stroke '#ffd166' -strokewidth 44 \
  -draw 'stroke-linecap round bezier 200,640 330,640 380,300 512,300' \
  -draw 'stroke-linecap round bezier 512,300 644,300 700,560 824,500' \
  -stroke none -fill '#ffd166' -draw 'circle 512,300 552,300' \
  PNG32:"$out/icon.png"
convert "$out/icon.png" -define icon:auto-resize=256,128,64,48,32,16 "$out/icon.ico"
echo "wrote $out/icon.png and $out/icon.ico"
