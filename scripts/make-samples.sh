#!/usr/bin/env bash
# Regenerates every file in samples/ from scratch: a generated TGS-like data set and a ten-fold
# ensemble trained on it by this project (tiny width: these models show the product working, they
# are not the reference model), exported to ONNX with parity checks, threshold tuned out-of-fold.
#
#   scripts/make-samples.sh       # about 20 minutes on 2 otherwise idle CPU cores (out-of-fold mAP 0.9030 at the tuned threshold 0.51)
#
# Settings (environment): EPOCHS (15), WIDTH (0.25), LR (5e-3, cosine to 1e-4: a short run needs a
# larger step than the reference's 1e-3), BN_INIT (ones: chosen when the thin layers had 1-2 channels and the
# reference's U(0,1) scales left a fold predicting nothing; the channel floor (--min-channels 4, the default)
# removed that failure; these samples were made with ones),
# TRAIN (200), TEST (40), SEED (7),
# JOBS (2: folds trained side by side, one PyTorch thread each -- faster than one fold on 2 threads).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
EPOCHS="${EPOCHS:-15}" WIDTH="${WIDTH:-0.25}" LR="${LR:-5e-3}" BN_INIT="${BN_INIT:-ones}" TRAIN="${TRAIN:-200}" TEST="${TEST:-40}" SEED="${SEED:-7}"
JOBS="${JOBS:-2}"
WORK="$ROOT/out/make-samples"

rm -rf samples/data samples/models "$WORK"
mkdir -p samples "$WORK"
./tgs generate --out samples/data --train "$TRAIN" --test "$TEST" --seed "$SEED"
# Same --seed and --folds in every process, so every process makes the same split.
seq 1 10 | xargs -P "$JOBS" -I{} sh -c "./tgs train --data samples/data --out '$WORK/checkpoints' \
  --folds 10 --fold {} --epochs $EPOCHS --width $WIDTH --lr $LR --schedule cosine --batch 16 --threads 1 --device cpu --seed $SEED --bn-init $BN_INIT \
  > '$WORK/train-fold-{}.log' 2>&1 && tail -n 1 '$WORK/train-fold-{}.log'"
# Parity limit 1e-3 instead of the default 1e-4: these tiny trained nets are sensitive in float32 (DJL's own
# output moves by ~3e-5 between CPU instruction sets, the ONNX graph sits 2-4e-4 away on some images); the
# measured difference of every fold is recorded in ensemble.json.
# --int8: the calibrated int8 graphs too (calibrated on samples/data), so that `--precision int8` runs out of the box.
# min-max, not the default percentile: on these tiny nets percentile int8 lost 0.0110 out-of-fold mAP (the gate
# refused it), min-max 0.0015 (on the real fold it was the other way round: 0.0025 against 0.0150).
./tgs export --checkpoints "$WORK/checkpoints" --out samples/models --fused --int8 --calibration-method minmax \
  --data samples/data --parity-tolerance 1e-3
./tgs tune-threshold --checkpoints "$WORK/checkpoints" --models samples/models --data samples/data
# The learning curves of every fold, for a person to look at.
for d in "$WORK"/checkpoints/fold-*; do
  cp "$d/curves.png" "samples/models/$(basename "$d")-curves.png"
done
du -sh samples
