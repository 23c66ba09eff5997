#!/usr/bin/env bash
# Regenerates every file in samples/ from scratch: a generated TGS-like data set and a ten-fold
# ensemble trained on it by this project, exported to ONNX. Deterministic for a given seed up to
# floating-point summation order in PyTorch; takes about SAMPLES_MINUTES on 2 CPU cores.
#
#   scripts/make-samples.sh            # uses ./tgs (builds it if needed)
#
# Settings (environment): EPOCHS (default 12), WIDTH (0.5), TRAIN (100), TEST (40), SEED (7).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
EPOCHS="${EPOCHS:-12}" WIDTH="${WIDTH:-0.5}" TRAIN="${TRAIN:-100}" TEST="${TEST:-40}" SEED="${SEED:-7}"
WORK="$ROOT/out/make-samples"

rm -rf samples/data samples/models "$WORK"
mkdir -p samples "$WORK"
./tgs generate --out samples/data --train "$TRAIN" --test "$TEST" --seed "$SEED"
./tgs train --data samples/data --out "$WORK/checkpoints" --folds 10 --epochs "$EPOCHS" \
  --width "$WIDTH" --batch 16 --device cpu --seed "$SEED"
./tgs export --checkpoints "$WORK/checkpoints" --out samples/models --fused
./tgs tune-threshold --checkpoints "$WORK/checkpoints" --models samples/models --data samples/data
# The learning curves of every fold, for a person to look at.
for d in "$WORK"/checkpoints/fold-*; do
  cp "$d/curves.png" "samples/models/$(basename "$d")-curves.png"
done
du -sh samples
