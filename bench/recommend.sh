#!/usr/bin/env bash
# Measures `advisor recommend` as a whole process against `advisor --version` (process start-up
# alone). Target (issues 2 and 13): recommend takes at most 1.5x the time of --version.
# Needs hyperfine (`apt-get install hyperfine` or `cargo install hyperfine`) and python3.
#
# A machine's speed drifts over seconds (other load, frequency, a VM's neighbours), and
# hyperfine times each command's runs one block after another, so one long block per command
# can put a drift between them. This runs ROUNDS short rounds (default 15) of RUNS runs each
# (default 60), every round timing all three commands, and reports the median over the
# rounds of each round's ratio, with the lowest and highest.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/advisor
rounds=${ROUNDS:-15}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for round in $(seq "$rounds"); do
  hyperfine --shell=none --warmup 5 --runs "${RUNS:-60}" --export-json "$work/$round.json" \
    "$bin --version" \
    "$bin recommend examples/web-backend.yaml" \
    "$bin recommend examples/web-backend.yaml --format json" >/dev/null
done
python3 - "$work" "$rounds" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
per_round = [json.load(open(f"{work}/{r}.json"))["results"] for r in range(1, rounds + 1)]
for k, result in enumerate(per_round[0]):
    medians = [r[k]["median"] * 1000 for r in per_round]
    ratios = sorted(r[k]["median"] / r[0]["median"] for r in per_round)
    print(f'{result["command"]:64} median {statistics.median(medians):.2f} ms  '
          f'ratio {statistics.median(ratios):.2f}x ({ratios[0]:.2f}-{ratios[-1]:.2f} over {rounds} rounds)')
PY
# Times on a busy machine drift between runs; instruction counts do not. Print them too when
# valgrind is at hand.
if command -v valgrind >/dev/null; then
  for args in "--version" "recommend examples/web-backend.yaml" "recommend examples/web-backend.yaml --format json"; do
    # shellcheck disable=SC2086
    instructions=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" $args 2>&1 >/dev/null |
      sed -n 's/.*Collected : //p')
    printf '%-64s %s instructions\n' "$bin $args" "$instructions"
  done
fi
