#!/usr/bin/env bash
# Time to show the last 20 records of a 1,000,000-line checkhistory with
#   sc -o reverse,limit=20 checkhistory answer@h1        (target < 200 ms)
# Prints the wall time of the whole command (node start, config load, read,
# print) and the in-process time of the history read alone. A figure, not a test.
#
# Usage: bench/sc-history.sh [LINES=1000000] [RUNS=7]
# Environment: SC_PREFIX  the install prefix whose sbin/sc and dist/ are measured
#              (default: this checkout; run `make build` first)
#              KEEP=1     keep the temp dir
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
prefix="${SC_PREFIX:-$(cd "$here/.." && pwd)}"
lines=${1:-1000000} runs=${2:-7}
dir="$(mktemp -d "${TMPDIR:-/tmp}/sc-history-bench.XXXXXX")"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/etc" "$dir/mod/check" "$dir/var/state" "$dir/var/history/host/h1/answer" "$dir/var/tmp"
cp "$here/../test/fixtures/e2e/answer" "$dir/mod/check/answer"
cat > "$dir/instance.cf" <<CF
[instance bench]
configdir = $dir/etc
statedir = $dir/var/state
historydir = $dir/var/history
tmpdir = $dir/var/tmp
allow root = yes
CF
printf '[class lab]\nhosts = h1\ncheck schedule = hourly\n\n[group answer]\nhosts = h1\n' > "$dir/etc/host.cf"
printf '[check answer]\nmodule = answer\n' > "$dir/etc/check.cf"
printf '[schedule hourly]\nrule = every 1 hour\n' > "$dir/etc/schedule.cf"
file="$dir/var/history/host/h1/answer/checkhistory"
awk -v n="$lines" 'BEGIN { t = 1700000000000; for (i = 0; i < n; i++) printf "{\"time\":%d,\"rc\":%d,\"scalar\":%d,\"comment\":\"answered h1 after a while\",\"duration\":%d,\"due\":%d}\n", t + i * 60000, (i % 97 == 0), i % 100, 10 + i % 50, t + i * 60000 }' > "$file"
echo "checkhistory: $(wc -l < "$file") lines, $(du -h "$file" | cut -f1)"

sc=("$prefix/sbin/sc" -I "$dir/instance.cf" -i bench -m "$dir/mod")
shown=$("${sc[@]}" -o reverse,limit=20 checkhistory answer@h1 | wc -l)
echo "sc -o reverse,limit=20 checkhistory answer@h1: $shown lines (header + 20 records)"
walls=() cpus=()
TIMEFORMAT='%R %U %S'
for _ in $(seq "$runs"); do
  t=$( { time "${sc[@]}" -o reverse,limit=20 checkhistory answer@h1 > /dev/null ; } 2>&1 )
  read -r real user sys <<< "$t"
  walls+=("$(awk -v r="$real" 'BEGIN { printf "%d", r * 1000 }')")
  cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')")
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
echo "command wall time (ms, $runs runs, sorted): $(printf '%s\n' "${walls[@]}" | sort -n | tr '\n' ' ')"
echo "command CPU time user+sys (ms, sorted): $(printf '%s\n' "${cpus[@]}" | sort -n | tr '\n' ' ')"
echo "median: wall $(median "${walls[@]}") ms, CPU $(median "${cpus[@]}") ms (target < 200 ms); load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
echo "for scale, an empty node start (real user sys, s): $( { time node -e "" ; } 2>&1 )"

node --input-type=module - "$prefix" "$dir" <<'JS'
const [prefix, dir] = process.argv.slice(2);
const { HistoryStore } = await import(`${prefix}/dist/src/history/history-store.js`);
const { loadConfig } = await import(`${prefix}/dist/src/config/load-config.js`);
const store = new HistoryStore({ historyDir: `${dir}/var/history` });
const times = [];
for (let i = 0; i < 7; i++) {
  const t0 = process.hrtime.bigint();
  let n = 0;
  for await (const _r of store.readCheck('answer', 'h1', { reverse: true, limit: 20 })) n++;
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  if (n !== 20) throw new Error(`read ${n} records`);
}
const c0 = process.hrtime.bigint();
await loadConfig({ prefix: dir, instanceFile: `${dir}/instance.cf`, instanceName: 'bench', moduleDir: `${dir}/mod` });
const load = Number(process.hrtime.bigint() - c0) / 1e6;
const fmt = (xs) => xs.map((x) => x.toFixed(2)).join(' ');
console.log(`in-process read of the last 20 records (ms, first run cold): ${fmt(times)}`);
console.log(`in-process config load (ms): ${load.toFixed(1)}`);
JS
