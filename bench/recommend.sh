#!/usr/bin/env bash
# Measures `advisor recommend` as a whole process against `advisor --version` (process start-up
# alone). Target (issue #2): recommend takes at most 1.5x the time of --version.
# Needs hyperfine (`apt-get install hyperfine` or `cargo install hyperfine`).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/advisor
hyperfine --shell=none --warmup 20 --runs "${RUNS:-300}" --export-json "${TMPDIR:-/tmp}/advisor-recommend.json" \
  "$bin --version" \
  "$bin recommend examples/web-backend.yaml" \
  "$bin recommend examples/web-backend.yaml --format json"
python3 - "${TMPDIR:-/tmp}/advisor-recommend.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
base = results[0]["median"]
for r in results:
    print(f'{r["command"]:60} median {r["median"]*1000:.2f} ms  ratio {r["median"]/base:.2f}x')
PY
# Times on a busy machine drift between runs; instruction counts do not. Print them too when
# valgrind is at hand.
if command -v valgrind >/dev/null; then
  for args in "--version" "recommend examples/web-backend.yaml" "recommend examples/web-backend.yaml --format json"; do
    # shellcheck disable=SC2086
    instructions=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" $args 2>&1 >/dev/null |
      sed -n 's/.*Collected : //p')
    printf '%-60s %s instructions\n' "$bin $args" "$instructions"
  done
fi
