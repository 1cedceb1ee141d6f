#!/usr/bin/env bash
# Time of `sc status --json` over 10,000 pairs with state (target < 1 s):
# 20 checks × 500 hosts, every pair with a checkstatus, 1 % disabled or paused.
# Prints the wall time of the whole command and an in-process breakdown
# (config load, state reads, views, JSON). A figure, not a test.
#
# Usage: bench/sc-status.sh [HOSTS=500] [CHECKS=20] [RUNS=5]
# Environment: SC_PREFIX  the install prefix whose sbin/sc and dist/ are measured
#              (default: this checkout; run `make build` first)
#              KEEP=1     keep the temp dir
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
prefix="${SC_PREFIX:-$(cd "$here/.." && pwd)}"
hosts=${1:-500} checks=${2:-20} runs=${3:-5}
dir="$(mktemp -d "${TMPDIR:-/tmp}/sc-status-bench.XXXXXX")"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/etc" "$dir/mod/check" "$dir/var/state" "$dir/var/history" "$dir/var/tmp"
cp "$here/../test/fixtures/e2e/answer" "$dir/mod/check/answer"
cat > "$dir/instance.cf" <<CF
[instance bench]
configdir = $dir/etc
statedir = $dir/var/state
historydir = $dir/var/history
tmpdir = $dir/var/tmp
allow root = yes
CF
node --input-type=module - "$dir" "$hosts" "$checks" <<'JS'
import { mkdirSync, writeFileSync } from 'node:fs';
const [dir, nh, nc] = process.argv.slice(2);
const hosts = Array.from({ length: Number(nh) }, (_, i) => `host${String(i).padStart(4, '0')}`);
const checks = Array.from({ length: Number(nc) }, (_, i) => `svc${String(i).padStart(2, '0')}`);
let hostCf = '[class lab]\ncheck schedule = fivemin\n';
let hostLines = '';
for (let i = 0; i < hosts.length; i += 50) hostLines += `hosts = ${hosts.slice(i, i + 50).join(' ')}\n`;
hostCf += hostLines;
for (const c of checks) hostCf += `\n[group ${c}]\n${hostLines}`;
writeFileSync(`${dir}/etc/host.cf`, hostCf);
writeFileSync(`${dir}/etc/check.cf`, checks.map((c) => `[check ${c}]\nmodule = answer\n`).join('\n'));
writeFileSync(`${dir}/etc/schedule.cf`, '[schedule fivemin]\nrule = every 5 minutes\n');
const now = Date.now();
let n = 0;
for (const h of hosts) for (const c of checks) {
  const pair = `${dir}/var/state/host/${h}/${c}`;
  mkdirSync(pair, { recursive: true });
  const rc = n % 50 === 0 ? 1 : 0;
  writeFileSync(`${pair}/checkstatus`, JSON.stringify({ version: 1, rc, instances: 3, comment: rc ? 'CRITICAL - synthetic failure' : 'OK - fine', scalar: 7, time: now - 60_000, since: now - 3_600_000, duration: 12, due: now - 60_000 }) + '\n');
  if (n % 100 === 7) writeFileSync(`${pair}/disabled`, JSON.stringify({ version: 1, mode: n % 200 === 7 ? 'disabled' : 'paused', who: 'bench', comment: 'maintenance', time: now, ...(n % 200 === 7 ? {} : { until: now + 3_600_000 }) }) + '\n');
  n++;
}
console.log(`${n} pairs with a checkstatus`);
JS
sc=("$prefix/sbin/sc" -I "$dir/instance.cf" -i bench -m "$dir/mod")
count=$("${sc[@]}" status --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);console.log(v.length, v.filter(x=>x.state).length)})')
echo "sc status --json: $count (pairs, disabled or paused)"
walls=() cpus=()
TIMEFORMAT='%R %U %S'
for _ in $(seq "$runs"); do
  t=$( { time "${sc[@]}" status --json > /dev/null ; } 2>&1 )
  read -r real user sys <<< "$t"
  walls+=("$(awk -v r="$real" 'BEGIN { printf "%d", r * 1000 }')")
  cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')")
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
echo "command wall time (ms, $runs runs, sorted): $(printf '%s\n' "${walls[@]}" | sort -n | tr '\n' ' ')"
echo "command CPU time user+sys (ms, sorted): $(printf '%s\n' "${cpus[@]}" | sort -n | tr '\n' ' ')"
echo "median: wall $(median "${walls[@]}") ms, CPU $(median "${cpus[@]}") ms (target < 1000 ms); load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"

node --input-type=module - "$prefix" "$dir" <<'JS' || echo "(no in-process breakdown: $prefix/dist lacks status-snapshot.js)"
const [prefix, dir] = process.argv.slice(2);
const t = () => Number(process.hrtime.bigint()) / 1e6;
const { loadConfig } = await import(`${prefix}/dist/src/config/load-config.js`);
const { StateStore } = await import(`${prefix}/dist/src/state/state-store.js`);
const { StatusSnapshot } = await import(`${prefix}/dist/src/state/status-snapshot.js`);
const { pairView } = await import(`${prefix}/dist/src/cli/pair-view.js`);
const t0 = t();
const config = await loadConfig({ prefix: dir, instanceFile: `${dir}/instance.cf`, instanceName: 'bench', moduleDir: `${dir}/mod` });
const t1 = t();
const store = new StateStore({ stateDir: config.instance.stateDir, historyDir: config.instance.historyDir, fsync: false });
const { statuses, disables } = new StatusSnapshot(store).refresh(config.pairs, Date.now());
const t2 = t();
const now = Date.now();
const views = config.pairs.map((p, i) => pairView(config, p, statuses[i], now, disables[i]));
const t3 = t();
const text = JSON.stringify(views, null, 1);
const t4 = t();
console.log(`in-process (ms): config load ${(t1 - t0).toFixed(0)}, read ${config.pairs.length} checkstatus + disabled ${(t2 - t1).toFixed(0)}, views ${(t3 - t2).toFixed(0)}, JSON ${(t4 - t3).toFixed(0)} (${(text.length / 1e6).toFixed(1)} MB)`);
JS
