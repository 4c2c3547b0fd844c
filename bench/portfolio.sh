#!/usr/bin/env bash
# Measures `advisor recommend DIR` (text, then `--format json`) over generated workload files
# as a whole process, beside a parse-only pass over the same files (the same walk, read and YAML
# deserialisation, same parallelism: `bench/parse_only.rs --workloads`). Target (issue 14):
# the portfolio takes at most 1.5x the parse-only pass. Prints both medians, their ratio and
# workloads per second; with valgrind at hand, also the instructions each executes over a
# tenth of the files, which a busy machine does not blur.
#
# Usage: bench/portfolio.sh [FILES...]   (default: 10000; e.g. `bench/portfolio.sh 1000 10000`)
# Needs hyperfine (`apt-get install hyperfine` or `cargo install hyperfine`) and python3.
# Honours CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --features bench --bin advisor --example parse-only
target=${CARGO_TARGET_DIR:-$PWD/target}
advisor=$target/release/advisor
parse_only=$target/release/examples/parse-only
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Writes N workload files in 100 directories. Three in four state most fields, each drawn
# at random (fixed seed) from its values, a third of those with a monthly volume; one in
# four states only a few, leaving many questions open, as a first draft does. Drafts repeat
# each other's facts (10,000 files hold 7,887 distinct sets), and the summary table evaluates
# each set once (ADR 0009); the count is printed so a figure is read with it.
generate() {
  python3 - "$1" "$2" <<'PY'
import os, random, sys
count, root = int(sys.argv[1]), sys.argv[2]
rng = random.Random(14)
durations = ["200ms", "3s", "30s", "10m", "14m", "40m", "2h", "unbounded"]
triggers = ["http", "websocket", "event", "queue", "stream", "schedule"]
levels = ["low", "medium", "high"]
priorities = ["cost", "operational-efficiency", "performance", "control", "portability"]
pick = rng.choice
facts = set()
for i in range(count):
    directory = os.path.join(root, f"team-{i % 100:02d}")
    os.makedirs(directory, exist_ok=True)
    duration = pick(durations)
    trigger = "continuous" if duration == "unbounded" else pick(triggers)
    lines = [
        f"# Workload {i}",
        f"name: service-{i}",
        f"description: Generated workload number {i}",
        "runtime:",
        f"  max_duration: {duration}",
        f"  trigger: {trigger}",
    ]
    if i % 4:
        lines += [
            f"  interruptible: {pick(['true', 'false'])}",
            f"  os: {pick(['linux', 'linux', 'windows'])}",
            f"  architecture: {pick(['x86_64', 'arm64', 'any'])}",
            "demand:",
            f"  spikiness: {pick(levels)}",
        ]
        if i % 3 == 0:
            lines.append(f"  requests_per_month: {pick([100000, 3000000, 50000000])}")
        lines += [
            "resources:",
            f"  memory_mb: {pick([256, 1024, 4096, 16384])}",
            f"  vcpus: {pick([0.5, 1, 2, 8])}",
            f"  gpu: {'true' if i % 23 == 0 else 'false'}",
            f"  ephemeral_storage_gb: {pick([1, 8, 50])}",
            "control:",
            f"  os_access: {pick(['true', 'false', 'false'])}",
            f"  portability: {pick(['none', 'hybrid', 'multi-cloud'])}",
            "containers:",
            f"  preference: {pick(['avoid', 'neutral', 'prefer', 'require'])}",
            f"  orchestrator: {pick(['none', 'ecs', 'kubernetes'])}",
            "  privileged: false",
            "team:",
            f"  ops_capacity: {pick(levels)}",
            f"  willing_to_rewrite: {pick(['true', 'false'])}",
            f"priorities: [{', '.join(rng.sample(priorities, 2))}]",
        ]
    else:
        lines += ["demand:", f"  spikiness: {pick(levels)}", "team:", f"  ops_capacity: {pick(levels)}"]
    lines.append(f"labels: {{team: team-{i % 100:02d}}}")
    with open(os.path.join(directory, f"{i:06d}.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")
    # What the summary table's evaluation reads: everything but the comment, name,
    # description and labels (ADR 0009).
    facts.add(tuple(lines[3:-1]))
print(f"{count} workload files, {len(facts)} distinct sets of facts", file=sys.stderr)
PY
}

for files in "${@:-10000}"; do
  tree=$work/$files
  generate "$files" "$tree"
  # Short rounds, each timing all three commands, so a drift in the machine's speed falls
  # on all three alike (see bench/recommend.sh); the ratios are medians over the rounds.
  rounds=${ROUNDS:-$(( files >= 100000 ? 3 : 7 ))}
  for round in $(seq "$rounds"); do
    hyperfine --shell=none --warmup 1 --runs "${RUNS:-3}" --ignore-failure \
      --export-json "$work/portfolio-$files-$round.json" \
      "$parse_only --workloads $tree" \
      "$advisor recommend $tree" \
      "$advisor recommend $tree --format json" >/dev/null
  done
  python3 - "$work" "$files" "$rounds" <<'PY'
import json, statistics, sys
work, files, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
per_round = [json.load(open(f"{work}/portfolio-{files}-{r}.json"))["results"]
             for r in range(1, rounds + 1)]
print(f"{files} workload files, {rounds} rounds")
for k, label in enumerate(["parse-only", "recommend (text)", "recommend --format json"]):
    median = statistics.median(r[k]["median"] for r in per_round)
    ratios = sorted(r[k]["median"] / r[0]["median"] for r in per_round)
    print(f"  {label:24} median {median*1000:8.1f} ms  {files/median:8.0f} files/s  "
          f"ratio {statistics.median(ratios):.2f}x ({ratios[0]:.2f}-{ratios[-1]:.2f})")
PY
  # Times on a busy machine drift between runs; instruction counts do not.
  if command -v valgrind >/dev/null; then
    tenth=("$tree"/team-0?)
    count() {
      valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
        sed -n 's/.*Collected : //p'
    }
    base=$(count "$parse_only" --workloads "${tenth[@]}")
    text=$(count "$advisor" recommend "${tenth[@]}")
    json=$(count "$advisor" recommend "${tenth[@]}" --format json)
    python3 -c '
import sys
base, text, json, files = (int(a) for a in sys.argv[1:])
files //= 10
print(f"  instructions over {files} files: parse-only {base:,}; text {text:,} ({text/base:.2f}x); json {json:,} ({json/base:.2f}x)")' \
      "$base" "$text" "$json" "$files"
  fi
done
