#!/usr/bin/env bash
# Measures mappings with 100,000 keys (issue #10): a workload with 100,000 label keys, and a
# rule set whose one rule tests all 100,000 labels. Duplicate keys used to be found with a
# linear scan per key (29 s and 28 s); keys are now checked in linear time.
# Target: each command's median stays under 1 s on the 2-core reference machine (release).
# Needs hyperfine (`apt-get install hyperfine`) and python3 (to write the inputs).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/advisor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import sys
work, n = sys.argv[1], 100_000
labels = "".join(f"  k{i}: v{i}\n" for i in range(n))
open(f"{work}/labels.yaml", "w").write("name: labelled\nruntime: {max_duration: 1m}\nlabels:\n" + labels)
tests = "".join(f"      labels.k{i}: v{i}\n" for i in range(n))
open(f"{work}/keys.yaml", "w").write(
    "version: 1\nname: keys\nservices:\n  - {id: ec2, name: EC2}\n  - {id: lambda, name: Lambda}\n"
    "rules:\n  - id: every-label\n    score: {ec2: 5}\n    when:\n" + tests)
PY
hyperfine --shell=none --warmup 2 --runs "${RUNS:-10}" --export-json "$work/result.json" \
  "$bin recommend $work/labels.yaml" \
  "$bin recommend $work/labels.yaml --rules $work/keys.yaml"
python3 - "$work/result.json" <<'PY'
import json, sys
failed = False
for r in json.load(open(sys.argv[1]))["results"]:
    ok = r["median"] < 1.0
    failed |= not ok
    print(f'{"ok  " if ok else "SLOW"} median {r["median"]*1000:7.1f} ms  {r["command"].split("/")[-1]}')
sys.exit(1 if failed else 0)
PY
