#!/usr/bin/env bash
# Soak test of scoring memory: a folder of COUNT images (the real test images, repeated under new
# names as symbolic links, outside the repository), scored by ./tgs score with the separate fold
# graphs and then with the fused graph, while the JVM's resident memory (VmRSS, and the kernel's
# peak VmHWM, from /proc/PID/status) is sampled every INTERVAL seconds into a CSV. Prints the first,
# middle, last and peak samples of each run. Linux only (/proc).
#
#   scripts/soak.sh                       # 18,000 images: the measure of issue 13 (long: hours on 2 cores)
#   COUNT=300 INTERVAL=1 scripts/soak.sh  # a quick check that it works
#
# Settings (environment): COUNT (18000), INTERVAL (5 s), SOURCE (../shared/tgs/test/images),
# MODELS (samples/models), WORK (/tmp/tgs-soak-COUNT: images, outputs, logs, memory.csv),
# MODES ("separate fused"), DEVICE (cpu), THREADS (unset: all cores), BATCH (unset: score's default),
# OVERLAYS (none; "yes" writes them, about 100 KB per image), TGS_JAVA_OPTS (passed on by ./tgs).
set -euo pipefail
shopt -s nullglob
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COUNT="${COUNT:-18000}"
INTERVAL="${INTERVAL:-5}"
SOURCE="${SOURCE:-$ROOT/../shared/tgs/test/images}"
MODELS="${MODELS:-$ROOT/samples/models}"
WORK="${WORK:-/tmp/tgs-soak-$COUNT}"
MODES="${MODES:-separate fused}"
DEVICE="${DEVICE:-cpu}"
OVERLAYS="${OVERLAYS:-none}"

die() { echo "soak: $*" >&2; exit 1; }
[ -d /proc/self ] || die "needs Linux's /proc to sample memory"
[ -d "$SOURCE" ] || die "$SOURCE: no such folder (set SOURCE to a folder of 101x101 PNGs)"
case "$COUNT" in ''|*[!0-9]*) die "COUNT=$COUNT: expected a whole number" ;; esac
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd -P)"
case "$WORK/" in "$(cd "$ROOT" && pwd -P)"/*) die "WORK=$WORK lies in the repository; choose a folder outside it" ;; esac

# The image folder: image k is a link to source image (k mod N), named sK_ID.png. Made once per COUNT.
IMAGES="$WORK/images"
sources=("$SOURCE"/*.png)
[ ${#sources[@]} -gt 0 ] || die "$SOURCE holds no .png images"
if [ ! -f "$WORK/images.complete" ]; then
  echo "soak: linking $COUNT images from $SOURCE (${#sources[@]} distinct) into $IMAGES ..." >&2
  rm -rf "$IMAGES"
  mkdir -p "$IMAGES"
  for ((k = 0; k < COUNT; k++)); do
    src="${sources[k % ${#sources[@]}]}"
    printf -v name 's%05d_%s' "$k" "${src##*/}"
    ln -s "$src" "$IMAGES/$name"
  done
  touch "$WORK/images.complete"
fi

# Build the distribution now (if stale), so that the sampled process is the scoring JVM only.
"$ROOT/tgs" --help >/dev/null

CSV="$WORK/memory.csv"
echo "mode,seconds,rss_kb,hwm_kb" >"$CSV"
for mode in $MODES; do
  case "$mode" in separate|fused) ;; *) die "MODES: '$mode' is not separate or fused" ;; esac
  out="$WORK/out-$mode"
  args=(score --models "$MODELS" --images "$IMAGES" --out "$out/submission.csv" "--$mode" --device "$DEVICE")
  if [ "$OVERLAYS" = yes ]; then args+=(--overlays "$out/overlays"); else args+=(--overlays none); fi
  if [ -n "${THREADS:-}" ]; then args+=(--threads "$THREADS"); fi
  if [ -n "${BATCH:-}" ]; then args+=(--batch "$BATCH"); fi
  echo "soak: $mode: ./tgs ${args[*]}" >&2
  start="$(date +%s.%N)"
  "$ROOT/tgs" "${args[@]}" >"$WORK/$mode.out" 2>"$WORK/$mode.err" &
  pid=$!
  # ./tgs ends in "exec java": the same process id becomes the JVM. Sample it only once it is.
  while kill -0 "$pid" 2>/dev/null; do
    if [[ "$(readlink "/proc/$pid/exe" 2>/dev/null || true)" == */java ]]; then
      read -r rss hwm < <(awk '/^VmRSS:/{r=$2} /^VmHWM:/{h=$2} END{print r+0, h+0}' "/proc/$pid/status" 2>/dev/null \
        || echo "0 0")
      if [ "$rss" -gt 0 ]; then
        awk -v m="$mode" -v now="$(date +%s.%N)" -v t0="$start" -v r="$rss" -v h="$hwm" \
          'BEGIN { printf "%s,%.1f,%d,%d\n", m, now - t0, r, h }' >>"$CSV"
      fi
    fi
    sleep "$INTERVAL"
  done
  if wait "$pid"; then status=0; else status=$?; fi
  if [ "$status" -ne 0 ]; then
    cat "$WORK/$mode.err" >&2
    die "$mode: ./tgs score exited with $status (log above, also in $WORK/$mode.err)"
  fi
  head -n 1 "$WORK/$mode.out" >&2
done

# first / middle / last / peak resident memory per mode, in MiB.
echo
awk -F, 'NR > 1 { n[$1]++; s[$1, n[$1]] = $2; r[$1, n[$1]] = $3; if ($4 > hwm[$1]) hwm[$1] = $4;
              if ($3 > peak[$1]) { peak[$1] = $3; at[$1] = $2 } }
     END { printf "%-9s %8s %12s %12s %12s %12s %12s\n", "graphs", "samples", "first MiB", "middle MiB", "last MiB",
                  "peak MiB", "VmHWM MiB";
           for (m in n) { mid = int((n[m] + 1) / 2);
             printf "%-9s %8d %6.0f @%4.0fs %6.0f @%4.0fs %6.0f @%4.0fs %6.0f @%4.0fs %12.0f\n", m, n[m],
                    r[m, 1] / 1024, s[m, 1], r[m, mid] / 1024, s[m, mid], r[m, n[m]] / 1024, s[m, n[m]],
                    peak[m] / 1024, at[m], hwm[m] / 1024 } }' "$CSV"
echo "samples: $CSV"
