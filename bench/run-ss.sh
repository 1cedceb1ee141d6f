#!/usr/bin/env bash
# Run Survivor's scheduler (sbin/ss -D) on the shared synthetic workload for a
# fixed wall time and report, the way ../shared/bench/run-nagios.sh reports Nagios.
#
# Usage: run-ss.sh N_HOSTS N_SERVICES_PER_HOST [INTERVAL_SECONDS=60] [DURATION_SECONDS=300] [FAIL_PCT=0]
#
# Builds a private instance in a temp dir FROM ../shared/bench/workload.sh's
# output, runs sbin/ss -D for DURATION_SECONDS, samples it every SAMPLE_S
# seconds, stops it with SIGTERM and prints ONE line on stdout:
#   survivor mode=.. hosts=.. services=.. expected_per_min=.. checks_per_min=.. latency_avg_s=.. ...
# Progress and per-sample rows go to stderr.
#
# Environment:
#   MODE=single|batch    single (default): one process per pair, protocol nagios
#                        executing ../shared/bench/checks/<check>.sh directly;
#                        batch: one bench/mod/check/benchbatch process per service
#                        and dispatch, answering all its due hosts
#   SAMPLE_S=10          seconds between samples
#   WARMUP_S=INTERVAL    the steady window starts this long after ss is up
#   SCAN_EVERY=1         scan every pair's checkstatus every N samples (and at the end)
#   POLL_S=INTERVAL      ss `poll interval` (60 s with the default interval)
#   CHECK_WORKERS        ss `check workers` (default max(15, N_SERVICES_PER_HOST))
#   EXECUTORS            ss `executors` (default nproc)
#   STATE_FSYNC=yes      ss `state fsync`
#   SAMPLES_OUT=FILE     also write the per-sample table (TSV) to FILE
#   KEEP=1               keep the temp dir (config, var/, ss.log, samples)
#   SS_BIN               default: sbin/ss of this checkout (run `make build` first)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib-instance.sh
. "$here/lib-instance.sh"
root="$(cd "$here/.." && pwd)"
shared="$(cd "$root/../shared/bench" && pwd)"

if [ $# -lt 2 ]; then
  sed -n '4,29p' "$0" >&2
  exit 2
fi
n_hosts=$1 n_svcs=$2 interval=${3:-60} duration=${4:-300} fail_pct=${5:-0}
mode=${MODE:-single}
sample_s=${SAMPLE_S:-10}
warmup_s=${WARMUP_S:-$interval}
scan_every=${SCAN_EVERY:-1}
instance_defaults
case $mode in single|batch) ;; *) echo "run-ss.sh: MODE must be single or batch" >&2; exit 2;; esac
[ -f "$root/dist/src/daemon/ss-main.js" ] || { echo "run-ss.sh: $root/dist is not built (make build)" >&2; exit 1; }
if [ "$warmup_s" -ge "$duration" ]; then
  echo "run-ss.sh: DURATION_SECONDS must exceed the warm-up ($warmup_s s)" >&2; exit 2
fi

log() { printf '%s\n' "$*" >&2; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/ssb.XXXXXX")
pid=""
children=()

# ---------- the instance, from the shared manifest (bench/lib-instance.sh) ----------
instance_tag=run-ss.sh
instance_build "$n_hosts" "$n_svcs" "$interval" "$fail_pct"

status_list=$dir/status.list
history_list=$dir/history.list
runfile=$dir/var/state/running/check
samples=$dir/samples.tsv

# /proc readers (now, proc_stat, proc_mem, machine_cpu, find_children, daemon_usage),
# read_heartbeat and stop_ss come from bench/lib-instance.sh

# Scan every pair's checkstatus (the daemon's equivalent of Nagios' status.dat)
# at epoch ms $1: latency (time - due) of each pair's last check, pairs overdue
# (slot due + interval passed >= 2 s ago, or never checked by ready + interval + 2 s),
# pairs started after epoch ms $2, pairs written within the last interval (+2 s).
# Sets SC_N SC_CHECKED SC_LAT_AVG SC_LAT_MAX SC_OVERDUE SC_OVERDUE_MAX SC_SINCE
# SC_ON_DISK SC_EXEC_AVG (seconds) and, with $3 = 1, SC_P50 SC_P95 SC_P99.
status_scan() {
  local out pct=${3:-0}
  out=$(awk -v now="$1" -v prev="$2" -v iv="$(( interval * 1000 ))" -v ready="$t_ready_ms" -v lat="$dir/lat.txt" '
    {
      f = $0; n++; line = ""
      if ((getline line < f) > 0) {
        t = 0; d = -1; du = -1
        if (match(line, /"time":[0-9]+/)) t = substr(line, RSTART + 7, RLENGTH - 7) + 0
        if (match(line, /"due":[0-9]+/)) d = substr(line, RSTART + 6, RLENGTH - 6) + 0
        if (match(line, /"duration":-?[0-9.]+/)) du = substr(line, RSTART + 11, RLENGTH - 11) + 0
      } else t = 0
      close(f)
      if (t > 0) {
        checked++
        if (d < 0) d = t
        l = t - d; if (l < 0) l = 0
        ls += l; if (l > lm) lm = l
        print l / 1000 > lat
        late = now - (d + iv)
        if (t > prev) since++
        if (t >= now - iv - 2000) ondisk++
        if (du >= 0) { es += du; en++ }
      } else late = now - (ready + iv)
      if (late >= 2000) od++
      if (late > odm) odm = late
    }
    END { printf "%d %d %.4f %.3f %d %.1f %d %d %.4f\n", n, checked, (checked ? ls / checked : 0) / 1000, lm / 1000, od, odm / 1000, since, ondisk, (en ? es / en : 0) / 1000 }' "$status_list")
  # shellcheck disable=SC2086
  set -- $out 0 0 0 0 0 0 0 0 0
  SC_N=$1 SC_CHECKED=$2 SC_LAT_AVG=$3 SC_LAT_MAX=$4 SC_OVERDUE=$5 SC_OVERDUE_MAX=$6 SC_SINCE=$7 SC_ON_DISK=$8 SC_EXEC_AVG=$9
  if [ "$pct" = 1 ]; then
    out=$(sort -g "$dir/lat.txt" | awk '{ v[NR] = $1 } END { if (NR == 0) { print "0 0 0"; exit }
          i50 = int(NR * 0.50); if (i50 < 1) i50 = 1; i95 = int(NR * 0.95); if (i95 < 1) i95 = 1; i99 = int(NR * 0.99); if (i99 < 1) i99 = 1
          printf "%.3f %.3f %.3f\n", v[i50], v[i95], v[i99] }')
    # shellcheck disable=SC2086
    set -- $out 0 0 0
    SC_P50=$1 SC_P95=$2 SC_P99=$3
  fi
  rm -f "$dir/lat.txt"
}

# Over every pair's checkhistory, the records whose start time is in [$1, $2)
# epoch ms: HI_N records; HI_MISSED slots skipped between two consecutive
# records (due times more than 1.5 intervals apart) and HI_MISSED_PAIRS pairs
# that skipped any: a pair the scheduler silently skipped shows up here.
history_scan() {
  local out
  out=$(awk -v a="$1" -v b="$2" -v iv="$(( interval * 1000 ))" '
    {
      f = $0; pd = -1; hit = 0
      while ((getline line < f) > 0) {
        if (!match(line, /"time":[0-9]+/)) continue
        t = substr(line, RSTART + 7, RLENGTH - 7) + 0
        d = match(line, /"due":[0-9]+/) ? substr(line, RSTART + 6, RLENGTH - 6) + 0 : t
        if (t >= a && t < b) {
          n++
          if (pd >= 0 && d - pd > 1.5 * iv) { missed += int((d - pd) / iv + 0.5) - 1; hit = 1 }
        }
        pd = d
      }
      close(f)
      pairs += hit
    }
    END { printf "%d %d %d\n", n, missed, pairs }' "$history_list")
  # shellcheck disable=SC2086
  set -- $out 0 0 0
  HI_N=$1 HI_MISSED=$2 HI_MISSED_PAIRS=$3
}


cleanup() {
  [ -z "${sleep_pid:-}" ] || kill "$sleep_pid" 2>/dev/null || true
  stop_ss
  instance_cleanup
  if [ "${KEEP:-0}" = 1 ]; then log "kept $dir"; else rm -rf "$dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------- start ----------
machine_cpu; b_busy=$MACH_BUSY b_total=$MACH_TOTAL
sleep "${BASELINE_S:-3}"
machine_cpu; m0_busy=$MACH_BUSY m0_total=$MACH_TOTAL
baseline_pct=$(awk -v b="$((m0_busy - b_busy))" -v t="$((m0_total - b_total))" 'BEGIN { printf "%.1f", (t > 0) ? 100 * b / t : 0 }')
now; t_launch=$NOW
"$ss_bin" -D -I "$dir/etc/instance.cf" -i bench -m "$moddir" > "$dir/ss.out" 2> "$dir/ss.log" &
pid=$!
log "ss pid=$pid mode=$mode workload=${n_hosts}x${n_svcs} interval=${interval}s duration=${duration}s fail=${fail_pct}% workers=$check_workers executors=$executors fsync=$state_fsync dir=$dir"

# ready = the first heartbeat of this process (state reconciled, timings loaded, first pass planned)
ready=0
for _ in $(seq 1 1200); do
  kill -0 "$pid" 2>/dev/null || { tail -20 "$dir/ss.log" >&2; log "ss exited early"; exit 1; }
  if [ -s "$runfile" ] && grep -q "\"pid\":$pid," "$runfile" 2>/dev/null; then ready=1; break; fi
  sleep 0.1
done
[ "$ready" = 1 ] || { tail -20 "$dir/ss.log" >&2; log "ss not ready after 120 s"; exit 1; }
now; t_ready=$NOW
t_ready_ms=$(awk -v a="$t_ready" 'BEGIN { printf "%.0f", a * 1000 }')
startup_s=$(awk -v a="$t_launch" -v b="$t_ready" 'BEGIN { printf "%.1f", b - a }')
sleep 1
find_children
log "ready after ${startup_s}s; executors: ${children[*]}"

printf 't_s\tchecks_started\tcompleted\trunning\tqueued\thb_planned\thb_age_s\tstarted_since_last\tper_min_since_last\tlat_avg_s\tlat_max_s\thb_lat_n\thb_lat_p50_s\thb_lat_p99_s\thb_lat_max_s\toverdue_n\toverdue_max_s\tchecked\ton_disk\tdaemon_cpu_s\tworkers_cpu_s\tchecks_cpu_s\tmachine_busy_pct\trss_main_mb\trss_workers_mb\n' > "$samples"
log "$(head -1 "$samples")"

# Samples sit about half a sample period after ready, as in run-nagios.sh, and
# half a second off the whole-second grid ss dispatches on (pair offsets are
# whole seconds), so the window's two ends never cut through a dispatch.
t_grid=${t_ready%.*}
offset=$(awk -v s="$sample_s" 'BEGIN { printf "%.3f", int(s / 2) + 0.5 }')
t_end=$(awk -v a="$t_grid" -v d="$duration" -v o="$offset" 'BEGIN { printf "%.6f", a + d + o }')
t_warm=$(awk -v a="$t_ready" -v d="$warmup_s" 'BEGIN { printf "%.6f", a + d }')
t_warm_ms=$(awk -v a="$t_warm" 'BEGIN { printf "%.0f", a * 1000 }')
warm_done=0
prev_t=$t_ready prev_busy=$m0_busy prev_total=$m0_total prev_scan_ms=$t_ready_ms
n_sample=0
lat_series=()          # steady-window average latency of every pair's last check (s), one per scan
hb_t=() hb_s=()        # distinct heartbeats seen: time (epoch ms), started counter
hb_lat_p99_peak=0 hb_lat_max_peak=0 hb_lat_n=0
SC_OVERDUE=- SC_OVERDUE_MAX=- SC_LAT_AVG=- SC_LAT_MAX=- SC_SINCE=- SC_CHECKED=- SC_ON_DISK=-

while :; do
  now
  next=$(awk -v r="$t_grid" -v n="$NOW" -v s="$sample_s" -v o="$offset" -v e="$t_end" 'BEGIN { x = (n - r - o) / s; k = (x < 0) ? 0 : int(x) + 1; t = r + o + k * s; if (t > e) t = e; d = t - n; if (d < 0) d = 0; printf "%.3f", d }')
  # in the background and waited for, so that a TERM/INT trap runs at once
  sleep "$next" & sleep_pid=$!
  wait "$sleep_pid" || true
  kill -0 "$pid" 2>/dev/null || { log "ss died"; tail -20 "$dir/ss.log" >&2; exit 1; }
  now; t=$NOW
  t_ms=$(awk -v a="$t" 'BEGIN { printf "%.0f", a * 1000 }')
  read_heartbeat
  daemon_usage
  machine_cpu
  n_sample=$(( n_sample + 1 ))
  final=$(awk -v t="$t" -v e="$t_end" 'BEGIN { print (t >= e - 0.05) ? 1 : 0 }')
  scanned=0
  if [ "$final" = 1 ] || [ $(( n_sample % scan_every )) -eq 0 ]; then
    status_scan "$t_ms" "$prev_scan_ms" "$final"
    scanned=1 prev_scan_ms=$t_ms
  fi
  if [ "$HB_TIME" -gt 0 ] && { [ "${#hb_t[@]}" -eq 0 ] || [ "${hb_t[-1]}" != "$HB_TIME" ]; }; then
    hb_t+=("$HB_TIME"); hb_s+=("$HB_STARTED")
    # latency figures of the checks started between two heartbeats inside the window
    if [ "$HB_TIME" -ge "$t_warm_ms" ] && [ "${#hb_t[@]}" -ge 2 ] && [ "${hb_t[-2]}" -ge "$t_warm_ms" ]; then
      hb_lat_n=$(( hb_lat_n + HB_LAT_N ))
      hb_lat_p99_peak=$(awk -v a="$hb_lat_p99_peak" -v b="$HB_LAT_P99" 'BEGIN { print (b > a) ? b : a }')
      hb_lat_max_peak=$(awk -v a="$hb_lat_max_peak" -v b="$HB_LAT_MAX" 'BEGIN { print (b > a) ? b : a }')
    fi
  fi
  in_steady=$(awk -v t="$t" -v w="$t_warm" 'BEGIN { print (t >= w - 0.05) ? 1 : 0 }')
  if [ "$in_steady" = 1 ] && [ "$warm_done" = 0 ]; then
    warm_done=1
    w_t=$t w_t_ms=$t_ms w_busy=$MACH_BUSY w_total=$MACH_TOTAL
    w_main=$D_MAIN_CPU w_kids=$D_KIDS_CPU w_checks=$D_CHECKS_CPU
  elif [ "$in_steady" = 1 ] && [ "$scanned" = 1 ]; then
    lat_series+=("$SC_LAT_AVG")
  fi
  row=$(awk -v t="$t" -v r="$t_ready" -v pt="$prev_t" -v hs="$HB_STARTED" -v hc="$HB_COMPLETED" -v run="$HB_RUNNING" -v q="$HB_QUEUED" -v pl="$HB_PLANNED" \
      -v hbt="$HB_TIME" -v since="$SC_SINCE" -v la="$SC_LAT_AVG" -v lm="$SC_LAT_MAX" \
      -v hn="$HB_LAT_N" -v h50="$HB_LAT_P50" -v h99="$HB_LAT_P99" -v hmx="$HB_LAT_MAX" -v od="$SC_OVERDUE" -v odm="$SC_OVERDUE_MAX" \
      -v ck="$SC_CHECKED" -v ondisk="$SC_ON_DISK" -v mc="$D_MAIN_CPU" -v kc="$D_KIDS_CPU" -v cc="$D_CHECKS_CPU" -v hz="$clk_tck" \
      -v b="$MACH_BUSY" -v pb="$prev_busy" -v tt="$MACH_TOTAL" -v pt2="$prev_total" -v rss="$D_MAIN_RSS" -v krss="$D_KIDS_RSS" \
      'BEGIN { printf "%.0f\t%d\t%d\t%d\t%d\t%d\t%.1f\t%s\t%s\t%s\t%s\t%d\t%.3f\t%.3f\t%.3f\t%s\t%s\t%s\t%s\t%.2f\t%.2f\t%.2f\t%.0f\t%.1f\t%.1f",
               t - r, hs, hc, run, q, pl, (hbt > 0) ? t - hbt / 1000 : -1, since, (since ~ /^[0-9]+$/) ? sprintf("%.0f", since * 60 / (t - pt)) : "-",
               la, lm, hn, h50 / 1000, h99 / 1000, hmx / 1000, od, odm, ck, ondisk,
               mc / hz, kc / hz, cc / hz, (tt > pt2) ? 100 * (b - pb) / (tt - pt2) : 0, rss / 1024, krss / 1024 }')
  printf '%s\n' "$row" >> "$samples"
  log "$row"
  SC_OVERDUE=- SC_OVERDUE_MAX=- SC_LAT_AVG=- SC_LAT_MAX=- SC_SINCE=- SC_CHECKED=- SC_ON_DISK=-
  prev_t=$t prev_busy=$MACH_BUSY prev_total=$MACH_TOTAL
  [ "$final" = 1 ] && break
done

# the final scan again for the result line (the loop reset its SC_* for printing)
status_scan "$t_ms" "$w_t_ms" 1
history_scan "$w_t_ms" "$t_ms"; hist_n=$HI_N
# the harness's own CPU (this shell + reaped helpers); ss still runs, so it is not in cutime
proc_stat "$$"; harness_ticks=$(( PROC_CPU + PROC_CCPU ))
state_mb=$(du -sk "$dir/var/state" 2>/dev/null | awk '{ printf "%.1f", $1 / 1024 }')
history_mb=$(du -sk "$dir/var/history" 2>/dev/null | awk '{ printf "%.1f", $1 / 1024 }')
cp "$samples" "${SAMPLES_OUT:-/dev/null}" 2>/dev/null || true

# checks started per minute from the daemon's own counter, between the first
# heartbeat in the steady window and the last one seen
hb_i0=-1 hb_i1=-1
for i in "${!hb_t[@]}"; do
  if [ "${hb_t[i]}" -ge "$w_t_ms" ] && [ "$hb_i0" -lt 0 ]; then hb_i0=$i; fi
  if [ "${hb_t[i]}" -le "$t_ms" ]; then hb_i1=$i; fi
done
if [ "$hb_i0" -ge 0 ] && [ "$hb_i1" -gt "$hb_i0" ]; then
  cnt_started=$(( hb_s[hb_i1] - hb_s[hb_i0] )) cnt_win_ms=$(( hb_t[hb_i1] - hb_t[hb_i0] ))
else
  cnt_started=0 cnt_win_ms=0
fi

n_lat=${#lat_series[@]}
third=$(( n_lat / 3 )); [ "$third" -ge 1 ] || third=1
lat_thirds=$(printf '%s\n' "${lat_series[@]}" | awk -v th="$third" -v n="$n_lat" '
  { v[NR] = $1 } END { for (i = 1; i <= th && i <= n; i++) f += v[i]; for (i = n - th + 1; i <= n; i++) if (i >= 1) l += v[i]; printf "%.3f %.3f\n", f / th, l / th }')
# shellcheck disable=SC2086
set -- $lat_thirds
lat_first=$1 lat_last=$2

line=$(awk -v mode="$mode" -v nh="$n_hosts" -v ns="$n_svcs" -v np="$n_pairs" -v iv="$interval" -v dur="$duration" -v fp="$fail_pct" \
    -v t="$t" -v wt="$w_t" -v cs="$cnt_started" -v cw="$cnt_win_ms" -v hn="$hist_n" -v hm="$HI_MISSED" -v hmp="$HI_MISSED_PAIRS" \
    -v la="$SC_LAT_AVG" -v lm="$SC_LAT_MAX" -v hpk="$hb_lat_max_peak" -v h99="$hb_lat_p99_peak" -v hln="$hb_lat_n" \
    -v p50="$SC_P50" -v p95="$SC_P95" -v p99="$SC_P99" -v lf="$lat_first" -v ll="$lat_last" -v ex="$SC_EXEC_AVG" \
    -v od="$SC_OVERDUE" -v odm="$SC_OVERDUE_MAX" -v ondisk="$SC_ON_DISK" -v checked="$SC_CHECKED" \
    -v mc="$D_MAIN_CPU" -v kc="$D_KIDS_CPU" -v cc="$D_CHECKS_CPU" -v wmc="$w_main" -v wkc="$w_kids" -v wcc="$w_checks" -v hz="$clk_tck" \
    -v b="$MACH_BUSY" -v wb="$w_busy" -v tt="$MACH_TOTAL" -v wtt="$w_total" \
    -v hwm="$D_MAIN_HWM" -v khwm="$D_KIDS_HWM" -v wn="${#children[@]}" -v cwk="$check_workers" -v su="$startup_s" \
    -v smb="$state_mb" -v hmb="$history_mb" -v hc="$harness_ticks" -v bl="$baseline_pct" -v rt="$t_ready" -v fs="$state_fsync" -v ps="$poll_s" -v lk="$locks" '
  BEGIN {
    exp_pm = np * 60 / iv
    win = t - wt
    hist_pm = hn * 60 / win
    pm = (cw > 0) ? cs * 60000 / cw : hist_pm
    ok = (pm >= 0.97 * exp_pm && la < 1.0 && odm < 5 && ll < 1.0) ? "yes" : "no"
    printf "survivor mode=%s hosts=%d services_per_host=%d services=%d interval_s=%d duration_s=%d fail_pct=%d", mode, nh, ns, np, iv, dur, fp
    printf " expected_per_min=%.0f checks_per_min=%.0f checks_per_min_history=%.0f counter_window_s=%.0f", exp_pm, pm, hist_pm, cw / 1000
    printf " latency_avg_s=%.3f latency_max_s=%.3f latency_max_peak_s=%s latency_p50_s=%s latency_p95_s=%s latency_p99_s=%s latency_p99_peak_s=%s latency_checks_n=%d", la, lm, (hln > 0) ? sprintf("%.3f", hpk / 1000) : "-", p50, p95, p99, (hln > 0) ? sprintf("%.3f", h99 / 1000) : "-", hln
    printf " latency_avg_first_third_s=%s latency_avg_last_third_s=%s overdue_n=%s overdue_max_s=%s missed_slots=%d missed_slot_pairs=%d exec_avg_s=%.3f", lf, ll, od, odm, hm, hmp, ex
    printf " cpu_s=%.2f cpu_workers_s=%.2f cpu_checks_s=%.2f", mc / hz, kc / hz, cc / hz
    printf " steady_window_s=%.0f daemon_cpu_pct=%.1f workers_cpu_pct=%.1f checks_cpu_pct=%.1f machine_busy_pct=%.1f", win, 100 * (mc - wmc) / hz / win, 100 * (kc - wkc) / hz / win, 100 * (cc - wcc) / hz / win, (tt > wtt) ? 100 * (b - wb) / (tt - wtt) : 0
    printf " harness_cpu_pct=%.1f baseline_busy_pct=%s", 100 * hc / hz / (t - rt), bl
    printf " rss_mb=%.1f rss_workers_mb=%.1f workers=%d check_workers=%d poll_s=%d state_fsync=%s locks=%s startup_s=%s state_mb=%s history_mb=%s", hwm / 1024, khwm / 1024, wn, cwk, ps, fs, lk, su, smb, hmb
    printf " results_on_disk=%d/%d checked=%d keeping_up=%s\n", ondisk, np, checked, ok
  }')
stop_ss
printf '%s\n' "$line"
