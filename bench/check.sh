#!/usr/bin/env bash
# Measures `advisor check` over generated plain-YAML decision files as a whole process,
# beside a parse-only pass over the same files (read, front-matter split and YAML
# deserialisation, same parallelism: bench/parse_only.rs). Target (issue #3): the full check
# takes at most 1.5x the parse-only pass. Prints both medians, their ratio, files per second
# and the peak memory of each.
#
# Usage: bench/check.sh [FILES...]   (default: 10000; e.g. `bench/check.sh 10000 100000`)
# Needs hyperfine (`apt-get install hyperfine` or `cargo install hyperfine`) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --features bench --bin advisor --example parse-only
advisor=$PWD/target/release/advisor
parse_only=$PWD/target/release/examples/parse-only
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Writes N decision files in 100 directories: a mix of passing, ruled-out and better-fit
# decisions, each with a full inline workload, as teams write them.
generate() {
  python3 - "$1" "$2" <<'PY'
import os, sys
count, root = int(sys.argv[1]), sys.argv[2]
choices = [
    ("lambda", "10m", "high", "avoid", "low"),
    ("lambda", "40m", "high", "avoid", "low"),
    ("ecs-fargate", "45m", "medium", "prefer", "low"),
    ("ec2", "unbounded", "low", "neutral", "high"),
    ("elastic-beanstalk", "2h", "medium", "neutral", "medium"),
]
for i in range(count):
    service, duration, spikiness, containers, ops = choices[i % len(choices)]
    directory = os.path.join(root, f"team-{i % 100:02d}")
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, f"{i:06d}-decision.yaml"), "w") as f:
        f.write(f"""# Decision {i}
status: accepted
date: 2026-03-14
decision-makers: [team-{i % 100:02d}]
advisor:
  service: {service}
  workload:
    name: workload-{i}
    description: Generated workload number {i}
    runtime:
      max_duration: {duration}
      trigger: http
      interruptible: false
    demand:
      spikiness: {spikiness}
    resources:
      memory_mb: 2048
      vcpus: 1
      gpu: false
    control:
      os_access: false
    containers:
      preference: {containers}
      orchestrator: none
    team:
      ops_capacity: {ops}
      willing_to_rewrite: true
""")
PY
}

peak_rss_mb() {
  python3 -c '
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
print(f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.1f}")' "$@"
}

for files in "${@:-10000}"; do
  tree=$work/$files
  generate "$files" "$tree"
  runs=$(( files >= 100000 ? 5 : 15 ))
  hyperfine --shell=none --warmup 2 --runs "$runs" --ignore-failure \
    --export-json "$work/check-$files.json" \
    "$parse_only $tree" \
    "$advisor check $tree" >&2
  python3 - "$work/check-$files.json" "$files" \
    "$(peak_rss_mb "$parse_only" "$tree")" "$(peak_rss_mb "$advisor" check "$tree")" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
files, rss = int(sys.argv[2]), sys.argv[3:]
base = results[0]["median"]
print(f"{files} files")
for result, label, peak in zip(results, ["parse-only", "advisor check"], rss):
    median = result["median"]
    print(f"  {label:14} median {median*1000:8.1f} ms  {files/median:9.0f} files/s"
          f"  peak {peak} MB  ratio {median/base:.2f}x")
PY
done
