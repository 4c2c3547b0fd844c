#!/usr/bin/env bash
# Measures `advisor cost --volumes` over 1,000 volumes as a whole process, beside
# `advisor --version` (process start-up alone) and `cost` without --volumes. Target (issue 13):
# `cost examples/web-backend.yaml --volumes 1e3..1e9/1000 --format json` under 20 ms (median).
# Needs hyperfine (`apt-get install hyperfine` or `cargo install hyperfine`) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/advisor
out="${TMPDIR:-/tmp}/advisor-cost-volumes.json"
hyperfine --shell=none --warmup 20 --runs "${RUNS:-200}" --export-json "$out" \
  "$bin --version" \
  "$bin cost examples/web-backend.yaml --format json" \
  "$bin cost examples/web-backend.yaml --volumes 1e3..1e9/1000 --format json"
python3 - "$out" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
for r in results:
    print(f'{r["command"]:90} median {r["median"]*1000:.2f} ms')
target = results[-1]["median"] * 1000
print(f'1,000 volumes: median {target:.2f} ms (target: under 20 ms) -> {"ok" if target < 20 else "TOO SLOW"}')
PY
# Times on a busy machine drift between runs; instruction counts do not. Print them too when
# valgrind is at hand.
if command -v valgrind >/dev/null; then
  for args in "--version" "cost examples/web-backend.yaml --volumes 1e3..1e9/1000 --format json"; do
    # shellcheck disable=SC2086
    instructions=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" $args 2>&1 >/dev/null |
      sed -n 's/.*Collected : //p')
    printf '%-90s %s instructions\n' "$bin $args" "$instructions"
  done
fi
