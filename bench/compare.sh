#!/usr/bin/env bash
# Nagios Core 4 and Survivor on the same workload, back to back, scale by scale,
# and a RESULTS.md with the ratios survivor/nagios.
#
# Usage: compare.sh [SCALE...]            SCALE = N_HOSTSxN_SVCS, e.g. 1000x20
#        compare.sh --report OUT_DIR      rewrite RESULTS from OUT_DIR's raw output alone
#
# At each scale: ../shared/bench/run-nagios.sh N_HOSTS N_SVCS INTERVAL DURATION,
# then MODE=single bench/run-ss.sh with the same arguments (one process per pair,
# like Nagios). Default scales 100x10 500x10 1000x20 3000x20 (1,000 to 60,000
# checks/min); after the last one it goes on upward (+STEP_HOSTS hosts: 4000x20,
# 5000x20, ...) up to MAX checks/min. It stops at the first scale where no
# daemon keeps up (keeping_up=yes). Each run leaves <daemon>-<scale>.line,
# .samples.tsv, .log and .meta in OUT_DIR; machine facts go to machine-<stamp>.tsv.
#
# Environment:
#   DURATION=300         seconds per run (a run takes DURATION + ~15 s)
#   INTERVAL=60          check interval of every pair (seconds)
#   FAIL_PCT=0           share of pairs whose check exits 2
#   SAMPLE_S             harness sample period (default 10, and 30 from 50,000 checks/min on)
#   MAX=100000           highest checks/min tried when going upward
#   STEP_HOSTS=1000      hosts added per step above the last scale
#   OUT_DIR              default bench/results/compare-<UTC stamp>
#   RESULTS              default bench/RESULTS.md
#   ONLY=nagios|survivor run one side only (the other side's .line, if any, still counts)
#   REUSE=1              skip a run whose .line is already in OUT_DIR (resume a comparison)
#   SETTLE_S=5           pause between two runs
#   SS_BIN, NAGIOS_BIN, ...  passed on to the harnesses
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
shared="$(cd "$root/../shared/bench" && pwd)"

usage() { sed -n '5,28p' "$0" >&2; exit 2; }
log() { printf '[compare %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
num() { case ${1:-} in ''|*[!0-9]*) return 1;; *) return 0;; esac; }
results=${RESULTS:-$root/bench/RESULTS.md}

report() {
  local out=$1 tmp
  [ -d "$out" ] || { echo "compare.sh: $out is not a directory" >&2; exit 2; }
  tmp="$results.tmp.$$"
  if node "$here/compare-report.mjs" "$out" > "$tmp"; then
    mv "$tmp" "$results"
    log "wrote $results"
  else
    rm -f "$tmp"
    echo "compare.sh: the report failed" >&2
    exit 1
  fi
}

case ${1:-} in
  -h|--help) sed -n '5,28p' "$0"; exit 0 ;;
  --report)
    [ $# -eq 2 ] || usage
    report "$2"
    exit 0 ;;
  -*) usage ;;
esac

duration=${DURATION:-300} interval=${INTERVAL:-60} fail_pct=${FAIL_PCT:-0}
max=${MAX:-100000} step=${STEP_HOSTS:-1000} settle=${SETTLE_S:-5}
only=${ONLY:-} reuse=${REUSE:-0}
for v in "$duration" "$interval" "$fail_pct" "$max" "$step" "$settle"; do num "$v" || usage; done
[ -z "${SAMPLE_S:-}" ] || num "$SAMPLE_S" || usage
[ "$step" -ge 1 ] && [ "$interval" -ge 1 ] || usage
case $only in ''|nagios|survivor) ;; *) echo "compare.sh: ONLY must be nagios or survivor" >&2; usage ;; esac
[ "$duration" -gt "$interval" ] || { echo "compare.sh: DURATION must exceed INTERVAL (the warm-up)" >&2; exit 2; }
if [ $# -eq 0 ]; then set -- 100x10 500x10 1000x20 3000x20; fi
scales=()
for s in "$@"; do
  [[ $s =~ ^([0-9]+)x([0-9]+)$ ]] || { echo "compare.sh: bad scale '$s' (want N_HOSTSxN_SVCS)" >&2; usage; }
  scales+=("$s")
done
[ -f "$root/dist/src/daemon/ss-main.js" ] || { echo "compare.sh: $root/dist is not built (make build)" >&2; exit 1; }

stamp=$(date -u +%Y%m%d-%H%M%S)
out=${OUT_DIR:-$root/bench/results/compare-$stamp}
mkdir -p "$out"
out=$(cd "$out" && pwd)

child="" part="" measured=0 machine_file=""
stop_child() {
  if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
    log "stopping the running harness (pid $child); it stops its daemon and removes its temp dir"
    kill -TERM "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  child=""
  [ -z "$part" ] || rm -f "$part"
  part=""
  # a session that measured nothing (everything reused) leaves no machine file
  [ "$measured" = 1 ] || [ -z "$machine_file" ] || rm -f "$machine_file"
}
trap stop_child EXIT
trap 'stop_child; log "interrupted; resume with REUSE=1 OUT_DIR=$out $0 ${scales[*]}"; trap - EXIT; exit 130' INT TERM

# ---------- machine facts (one file per session, so a resumed comparison keeps both) ----------
machine_busy() { local c u n s i w q sq st; read -r c u n s i w q sq st _ < /proc/stat; BUSY=$(( u + n + s + q + sq + st )); TOTAL=$(( BUSY + i + w )); }
machine_file=$out/machine-$stamp.tsv
machine_busy; b0=$BUSY t0=$TOTAL
sleep 3
machine_busy
baseline=$(awk -v b="$(( BUSY - b0 ))" -v t="$(( TOTAL - t0 ))" 'BEGIN { printf "%.1f", (t > 0) ? 100 * b / t : 0 }')
{
  printf 'session\t%s\n' "$stamp"
  printf 'nproc\t%s\n' "$(nproc)"
  printf 'cpu_model\t%s\n' "$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  printf 'memory\t%s\n' "$(free -m | awk 'NR == 1 { for (i = 1; i <= NF; i++) h[i] = $i; next } { printf "%s%s", (NR > 2 ? "; " : ""), $1; for (i = 2; i <= NF; i++) printf " %s %s MB", h[i - 1], $i }')"
  printf 'kernel\t%s\n' "$(uname -r)"
  printf 'os\t%s\n' "$(. /etc/os-release 2>/dev/null && printf '%s' "${PRETTY_NAME:-?}")"
  printf 'baseline_busy_pct\t%s\n' "$baseline"
  printf 'loadavg\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'node\t%s\n' "$(node --version 2>/dev/null || echo '?')"
  printf 'nagios\t%s\n' "$("${NAGIOS_BIN:-/usr/sbin/nagios4}" --version 2>/dev/null | awk '/^Nagios Core/ { print; exit }') ($(dpkg-query -W -f '${Package} ${Version}' nagios4-core 2>/dev/null || echo 'package ?'))"
  printf 'survivor\t%s\n' "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$([ -z "$(git -C "$root" status --porcelain 2>/dev/null)" ] || echo ' (uncommitted changes)')"
  printf 'ss_bin\t%s\n' "${SS_BIN:-sbin/ss (dist/)}"
  printf 'params\tDURATION=%s INTERVAL=%s FAIL_PCT=%s MAX=%s STEP_HOSTS=%s SAMPLE_S=%s ONLY=%s REUSE=%s scales=%s\n' \
    "$duration" "$interval" "$fail_pct" "$max" "$step" "${SAMPLE_S:-auto}" "${only:-both}" "$reuse" "${scales[*]}"
} > "$machine_file"
log "machine: $(nproc) cores, baseline busy ${baseline} % over 3 s; raw output in $out"
awk -v b="$baseline" 'BEGIN { exit !(b > 10) }' && log "warning: the machine is already ${baseline} % busy; figures will be noisy"

# ---------- runs ----------
# run_one DAEMON N_HOSTS N_SVCS: sets KEEPING (yes/no/failed, - = no result)
run_one() {
  local daemon=$1 h=$2 s=$3 name base rc=0 expected sample t_start t_end
  name="$daemon-${h}x${s}"
  [ "$fail_pct" = 0 ] || name="$name-f$fail_pct"
  [ "$interval" = 60 ] || name="$name-i$interval"
  base=$out/$name
  KEEPING=-
  if [ -n "$only" ] && [ "$only" != "$daemon" ]; then
    [ -s "$base.line" ] && KEEPING=$(keeping "$base.line")
    return 0
  fi
  if [ "$reuse" = 1 ] && [ -s "$base.line" ]; then
    KEEPING=$(keeping "$base.line")
    log "$name: reusing $base.line (keeping_up=$KEEPING)"
    return 0
  fi
  expected=$(( h * s * 60 / interval ))
  sample=${SAMPLE_S:-$([ "$expected" -ge 50000 ] && echo 30 || echo 10)}
  rm -f "$base.failed" "$base.line"
  [ "$measured" = 0 ] || sleep "$settle"
  measured=1
  part=$base.line.part
  t_start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  log "$name: $daemon, $((h * s)) pairs every ${interval} s = $expected checks/min, ${duration} s (about $(( duration + 15 )) s; samples every ${sample} s; log $base.log)"
  if [ "$daemon" = nagios ]; then
    SAMPLE_S=$sample SAMPLES_OUT=$base.samples.tsv "$shared/run-nagios.sh" "$h" "$s" "$interval" "$duration" "$fail_pct" > "$part" 2> "$base.log" &
  else
    MODE=single SAMPLE_S=$sample SAMPLES_OUT=$base.samples.tsv "$here/run-ss.sh" "$h" "$s" "$interval" "$duration" "$fail_pct" > "$part" 2> "$base.log" &
  fi
  child=$!
  wait "$child" || rc=$?
  child=""
  t_end=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  printf 'daemon=%s start=%s end=%s rc=%s sample_s=%s\n' "$daemon" "$t_start" "$t_end" "$rc" "$sample" > "$base.meta"
  if [ "$rc" = 0 ] && [ -s "$part" ] && grep -q "^$daemon .*keeping_up=" "$part"; then
    mv "$part" "$base.line"; part=""
    KEEPING=$(keeping "$base.line")
    log "$name: $(awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^(checks_per_min|expected_per_min|latency_avg_s|latency_p99_s|cpu_s|cpu_workers_s|rss_mb|missed_slots|keeping_up)=/) printf "%s ", $i }' "$base.line")"
  else
    rm -f "$part"; part=""
    echo "rc=$rc" > "$base.failed"
    KEEPING=failed
    log "$name: FAILED (rc $rc); last lines of $base.log:"
    tail -5 "$base.log" >&2 || true
  fi
}
keeping() { awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^keeping_up=/) { print substr($i, 12); exit } }' "$1"; }

queue=("${scales[@]}")
i=0
while [ "$i" -lt "${#queue[@]}" ]; do
  sc=${queue[i]}
  h=${sc%x*} s=${sc#*x}
  expected=$(( h * s * 60 / interval ))
  if [ "$i" -ge "${#scales[@]}" ] && [ "$expected" -gt "$max" ]; then break; fi
  run_one nagios "$h" "$s"; k_n=$KEEPING
  run_one survivor "$h" "$s"; k_s=$KEEPING
  log "$sc ($expected checks/min): nagios keeping_up=$k_n, survivor keeping_up=$k_s"
  if [ "$k_n" != yes ] && [ "$k_s" != yes ]; then
    log "no daemon keeps up at $sc: stopping here"
    break
  fi
  # past the list: go on upward while one of them keeps up
  if [ $(( i + 1 )) -eq "${#queue[@]}" ]; then
    nh=$(( h + step ))
    [ $(( nh * s * 60 / interval )) -le "$max" ] && queue+=("${nh}x${s}")
  fi
  i=$(( i + 1 ))
done

trap - INT TERM
stop_child
report "$out"
