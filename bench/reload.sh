#!/usr/bin/env bash
# Reload under load: SIGHUP to sbin/ss -D with a large configuration while its
# checks run; measures the time to swap configurations and the checks missed or
# delayed around each reload, and ss's CPU and RSS before and after.
#
# Usage: reload.sh [N_HOSTS=5000] [N_SVCS=20] [DURATION_S=240]
#
# Builds a private instance like run-ss.sh (bench/lib-instance.sh) with
# N_HOSTS x N_SVCS pairs, every pair every INTERVAL_S, batch mode (one
# bench/mod/check/benchbatch process per service and dispatch, so the checks
# are cheap), starts ss, lets it run FIRST_RELOAD_S, then RELOADS times: puts a
# changed configuration in place and sends SIGHUP, RELOAD_EVERY_S apart. Stops ss
# DURATION_S after it is up. Prints ONE line `survivor-reload key=value ...` on
# stdout, then a summary and the targets (swap < 2 s, no check missed).
# Progress rows go to stderr.
#
# Environment:
#   INTERVAL_S=60        check interval of every pair (and ss's poll interval)
#   RELOADS=3            SIGHUPs sent
#   FIRST_RELOAD_S       first SIGHUP this long after ss is up (default 1.5 intervals:
#                        the first round done, half an interval of steady state)
#   RELOAD_EVERY_S       between SIGHUPs (default one interval)
#   CHANGE=add           add: reload k adds host N_HOSTS+k with every service
#                        (+N_SVCS pairs each time); comment: only a comment line of
#                        host.cf changes (the same pairs: the bare cost of a reload)
#   WINDOW_S=5           checks due from WINDOW_S before the SIGHUP to WINDOW_S after
#                        the swap count as "during the reload"
#   SWAP_TIMEOUT_S=120   give up waiting for the swap after this long
#   READY_TIMEOUT_S=600  for ss's first heartbeat (100,000 pairs: state is created first)
#   SAMPLE_S=10          progress rows; SAMPLES_OUT=FILE keeps them (TSV)
#   CHECK_WORKERS EXECUTORS STATE_FSYNC POLL_S SS_BIN KEEP=1   as run-ss.sh
#   RESULTS_DIR=DIR      keep reload-<H>x<S>-<stamp>.line / .txt / .samples.tsv / .ss.log there
# Exit status: 0 when both targets are met, 1 when one is missed, 2+ on failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib-instance.sh
. "$here/lib-instance.sh"
root="$(cd "$here/.." && pwd)"
shared="$(cd "$root/../shared/bench" && pwd)"

usage() { sed -n '6,31p' "$0" >&2; exit 2; }
isnum() { case ${1:-} in ''|*[!0-9]*) return 1;; *) return 0;; esac; }
case ${1:-} in -h|--help) sed -n '6,31p' "$0"; exit 0;; -*) usage;; esac
[ $# -le 3 ] || usage
n_hosts=${1:-5000} n_svcs=${2:-20} duration=${3:-240}
interval=${INTERVAL_S:-60}
reloads=${RELOADS:-3}
first_s=${FIRST_RELOAD_S:-$(( interval * 3 / 2 ))}
every_s=${RELOAD_EVERY_S:-$interval}
change=${CHANGE:-add}
window_s=${WINDOW_S:-5}
swap_timeout_s=${SWAP_TIMEOUT_S:-120}
ready_timeout_s=${READY_TIMEOUT_S:-600}
sample_s=${SAMPLE_S:-10}
for v in "$n_hosts" "$n_svcs" "$duration" "$interval" "$reloads" "$first_s" "$every_s" "$window_s" "$swap_timeout_s" "$ready_timeout_s" "$sample_s"; do
  isnum "$v" || { echo "reload.sh: '$v' is not a whole number" >&2; usage; }
done
case $change in add|comment) ;; *) echo "reload.sh: CHANGE must be add or comment" >&2; usage;; esac
[ "$n_hosts" -ge 1 ] && [ "$n_svcs" -ge 1 ] && [ "$interval" -ge 1 ] && [ "$reloads" -ge 1 ] && [ "$sample_s" -ge 1 ] || usage
[ $(( n_hosts + reloads )) -le 99999 ] || { echo "reload.sh: at most 99999 hosts (workload.sh)" >&2; exit 2; }
last_s=$(( first_s + (reloads - 1) * every_s ))
if [ $(( last_s + window_s + 5 )) -gt "$duration" ]; then
  echo "reload.sh: the last SIGHUP comes at ${last_s} s; DURATION_S must be at least $(( last_s + window_s + 5 )) (better one interval more)" >&2
  exit 2
fi
mode=batch
instance_defaults
instance_tag=reload.sh
[ -f "$root/dist/src/daemon/ss-main.js" ] || [ -n "${SS_BIN:-}" ] || { echo "reload.sh: $root/dist is not built (make build)" >&2; exit 1; }

log() { printf '%s\n' "$*" >&2; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/ssreload.XXXXXX")
pid="" children=() sleep_pid=""
cleanup() {
  [ -z "$sleep_pid" ] || kill "$sleep_pid" 2>/dev/null || true
  exec 3<&- 2>/dev/null || true
  stop_ss
  instance_cleanup
  if [ "${KEEP:-0}" = 1 ]; then log "kept $dir"; else rm -rf "$dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# integer epoch milliseconds, no fork
now_ms() { local t=${EPOCHREALTIME/[.,]/}; NOW_MS=$(( t / 1000 )); }
# sleep until epoch ms $1, in the background and waited for, so a TERM/INT trap runs at once
sleep_until() {
  local d
  now_ms; d=$(( $1 - NOW_MS ))
  [ "$d" -gt 0 ] || return 0
  sleep "$(( d / 1000 )).$(printf '%03d' $(( d % 1000 )))" & sleep_pid=$!
  wait "$sleep_pid" || true
  sleep_pid=""
}
secs() { awk -v ms="$1" -v d="${2:-3}" 'BEGIN { printf "%.*f", d, ms / 1000 }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# ---------- the instance and the changed configurations ----------
log "reload.sh: building ${n_hosts} x ${n_svcs} = $(( n_hosts * n_svcs )) pairs in $dir"
instance_build "$n_hosts" "$n_svcs" "$interval" 0
history_list=$dir/history.list
runfile=$dir/var/state/running/check
: > "$dir/added.list"
# next/<k>/: host.cf, check.cf, schedule.cf for reload k, written now so that a
# reload only renames files into place (the generation of 100,000 pairs takes a while)
for k in $(seq 1 "$reloads"); do
  nd=$dir/next/$k
  mkdir -p "$nd/etc"
  if [ "$change" = add ]; then
    "$shared/workload.sh" $(( n_hosts + k )) "$n_svcs" "$interval" 0 > "$nd/workload.tsv"
    instance_config "$nd/workload.tsv" "$nd/etc" "$nd"
    # the pairs of the host this reload adds (k-th reload: host N_HOSTS+k)
    grep "/host/$(printf 'h%05d' $(( n_hosts + k )))/" "$nd/history.list" | sed "s/^/$k\t/" >> "$dir/added.list"
  else
    cp "$dir/etc/bench/"*.cf "$nd/etc/"
    printf '; reload %d at the bench: only this comment differs\n' "$k" >> "$nd/etc/host.cf"
  fi
done
n_added=$(wc -l < "$dir/added.list")

# ---------- ss log: the reload lines, read as they come (fd 3, no fork) ----------
LOG_BUF="" LOG_HUP=() LOG_DONE=() LOG_DONE_PAIRS=() LOG_FAIL=() LOG_ERRORS=0 LOG_ENDS=()
handle_log_line() {
  local l=$1 t=0
  [[ $l =~ \"time\":([0-9]+) ]] && t=${BASH_REMATCH[1]}
  case $l in
    *'"msg":"SIGHUP: loading the configuration"'*) LOG_HUP+=("$t") ;;
    *'"msg":"configuration reloaded"'*)
      LOG_DONE+=("$t") LOG_ENDS+=("$t")
      [[ $l =~ \"pairs\":([0-9]+) ]] && LOG_DONE_PAIRS+=("${BASH_REMATCH[1]}") ;;
    *'"msg":"configuration not reloaded'*) LOG_FAIL+=("$t") LOG_ENDS+=("$t") ;;
  esac
  [[ $l =~ \"level\":([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -ge 50 ] && LOG_ERRORS=$(( LOG_ERRORS + 1 ))
  return 0
}
follow_log() {
  local line
  while :; do
    line=""
    if IFS= read -r -u 3 line; then
      handle_log_line "$LOG_BUF$line"; LOG_BUF=""
    else
      LOG_BUF+=$line   # a partial last line: completed by a later read
      return 0
    fi
  done
}

# ---------- start ----------
clk_ms=$(( 1000 / clk_tck ))
machine_cpu; b_busy=$MACH_BUSY b_total=$MACH_TOTAL
sleep "${BASELINE_S:-3}"
machine_cpu
baseline_pct=$(awk -v b="$(( MACH_BUSY - b_busy ))" -v t="$(( MACH_TOTAL - b_total ))" 'BEGIN { printf "%.1f", (t > 0) ? 100 * b / t : 0 }')
: > "$dir/ss.log"
now_ms; t_launch=$NOW_MS
"$ss_bin" -D -I "$dir/etc/instance.cf" -i bench -m "$moddir" > "$dir/ss.out" 2> "$dir/ss.log" &
pid=$!
exec 3< "$dir/ss.log"
log "ss pid=$pid ${n_hosts}x${n_svcs} interval=${interval}s duration=${duration}s reloads=${reloads} (first at ${first_s} s, every ${every_s} s) change=${change} workers=$check_workers executors=$executors"
ready=0
for _ in $(seq 1 $(( ready_timeout_s * 10 ))); do
  kill -0 "$pid" 2>/dev/null || { tail -20 "$dir/ss.log" >&2; log "ss exited early"; exit 2; }
  if [ -s "$runfile" ] && grep -q "\"pid\":$pid," "$runfile" 2>/dev/null; then ready=1; break; fi
  sleep 0.1
done
[ "$ready" = 1 ] || { tail -20 "$dir/ss.log" >&2; log "ss not ready after ${ready_timeout_s} s"; exit 2; }
now_ms; t_ready=$NOW_MS
startup_ms=$(( t_ready - t_launch ))
sleep 1
find_children
log "ready after $(secs "$startup_ms" 1) s; executors: ${children[*]:-none}"

t_end=$(( t_ready + duration * 1000 ))
t_warm=$(( t_ready + (first_s > interval ? interval : 0) * 1000 ))
hups=()
for k in $(seq 1 "$reloads"); do hups+=($(( t_ready + (first_s + (k - 1) * every_s) * 1000 ))); done

samples=$dir/samples.tsv
printf 't_s\tevent\tchecks_started\trunning\tqueued\thb_planned\tpairs\tss_cpu_s\tss_rss_mb\tss_hwm_mb\tmachine_busy_pct\n' > "$samples"
log "$(head -1 "$samples")"
prev_busy=$MACH_BUSY prev_total=$MACH_TOTAL
sample_row() {   # $1 = event
  local busy_pct
  read_heartbeat
  busy_pct=$(( MACH_TOTAL > prev_total ? 100 * (MACH_BUSY - prev_busy) / (MACH_TOTAL - prev_total) : 0 ))
  prev_busy=$MACH_BUSY prev_total=$MACH_TOTAL
  local s=""; read -r s < "$runfile" 2>/dev/null || true
  local pairs=-; [[ $s =~ \"pairs\":([0-9]+) ]] && pairs=${BASH_REMATCH[1]}
  local row
  row=$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' "$(secs $(( NOW_MS - t_ready )) 1)" "$1" "$HB_STARTED" "$HB_RUNNING" "$HB_QUEUED" "$HB_PLANNED" "$pairs" \
    "$(secs $(( D_MAIN_CPU * clk_ms )) 2)" "$(mb "$D_MAIN_RSS")" "$(mb "$D_MAIN_HWM")" "$busy_pct")
  printf '%s\n' "$row" >> "$samples"
  log "$row"
}
# the CPU/RSS figures of ss at one instant: sets U_MS U_CPU U_RSS U_HWM U_BUSY U_TOTAL
usage_now() {
  now_ms; daemon_usage; machine_cpu
  U_MS=$NOW_MS U_CPU=$D_MAIN_CPU U_RSS=$D_MAIN_RSS U_HWM=$D_MAIN_HWM U_BUSY=$MACH_BUSY U_TOTAL=$MACH_TOTAL
}

sent=() done_ms=() swap_cpu=() rss_pre=() rss_post=()
warm_cpu="" warm_ms="" warm_busy="" warm_total=""
k=0 next_sample=$(( t_ready + sample_s * 1000 ))
while :; do
  ev=end at=$t_end
  if [ "$k" -lt "$reloads" ] && [ "${hups[k]}" -le "$at" ]; then ev=hup at=${hups[k]}; fi
  if [ "$next_sample" -lt "$at" ]; then ev=sample at=$next_sample; fi
  if [ -z "$warm_ms" ] && [ "$t_warm" -lt "$at" ]; then ev=warm at=$t_warm; fi
  sleep_until "$at"
  kill -0 "$pid" 2>/dev/null || { log "ss died"; tail -20 "$dir/ss.log" >&2; exit 2; }
  follow_log
  case $ev in
    warm)
      usage_now; warm_ms=$U_MS warm_cpu=$U_CPU warm_busy=$U_BUSY warm_total=$U_TOTAL ;;
    sample)
      usage_now; sample_row -; next_sample=$(( next_sample + sample_s * 1000 )) ;;
    hup)
      k=$(( k + 1 ))
      # the changed configuration: renamed into place (written before ss started)
      for f in "$dir/next/$k/etc/"*.cf; do mv -f "$f" "$dir/etc/bench/"; done
      [ -n "$warm_ms" ] || { usage_now; warm_ms=$U_MS warm_cpu=$U_CPU warm_busy=$U_BUSY warm_total=$U_TOTAL; }
      usage_now; pre_cpu=$U_CPU; rss_pre+=("$U_RSS")
      [ "$k" -gt 1 ] || { before_ms=$U_MS before_cpu=$U_CPU before_rss=$U_RSS before_hwm=$U_HWM; }
      now_ms; sent+=("$NOW_MS")
      kill -HUP "$pid"
      # wait for ss to log the end of this reload (its own timestamp is the measure;
      # polling only decides when the "after" CPU and RSS are read)
      deadline=$(( NOW_MS + swap_timeout_s * 1000 ))
      while [ "${#LOG_ENDS[@]}" -lt "$k" ]; do
        now_ms
        [ "$NOW_MS" -lt "$deadline" ] || break
        kill -0 "$pid" 2>/dev/null || { log "ss died during reload $k"; tail -20 "$dir/ss.log" >&2; exit 2; }
        if [ $(( NOW_MS - sent[k - 1] )) -lt 3000 ]; then sleep 0.02; else sleep 0.2; fi
        follow_log
      done
      usage_now
      swap_cpu+=($(( (U_CPU - pre_cpu) * clk_ms ))); rss_post+=("$U_RSS")
      if [ "${#LOG_ENDS[@]}" -ge "$k" ]; then
        done_ms+=("${LOG_ENDS[k - 1]}")
        sample_row "reload$k:$(( LOG_ENDS[k - 1] - sent[k - 1] ))ms"
      else
        done_ms+=(-1)
        sample_row "reload$k:timeout"
      fi
      after_ms=$U_MS after_cpu=$U_CPU ;;
    end)
      usage_now; sample_row end; break ;;
  esac
done
end_cpu=$U_CPU end_rss=$U_RSS end_hwm=$U_HWM end_busy=$U_BUSY end_total=$U_TOTAL
follow_log

# ---------- the check records: slots missed, latency around each reload ----------
# windows "a:b" (epoch ms) of checks due around each reload: from WINDOW_S before
# the SIGHUP to WINDOW_S after the swap (after the timeout when it never came)
wins=""
for i in "${!sent[@]}"; do
  b=${done_ms[i]}; [ "$b" -ge 0 ] || b=$(( sent[i] + swap_timeout_s * 1000 ))
  wins="$wins${wins:+,}$(( sent[i] - window_s * 1000 )):$(( b + window_s * 1000 ))"
done
awk -v iv="$(( interval * 1000 ))" -v warm="$t_warm" -v tend="$t_end" -v wins="$wins" -v lat="$dir/lat.tsv" '
  BEGIN { nw = split(wins, w, ","); for (i = 1; i <= nw; i++) { split(w[i], ab, ":"); A[i] = ab[1] + 0; B[i] = ab[2] + 0 } }
  function inwin(x,   i) { for (i = 1; i <= nw; i++) if (x >= A[i] && x <= B[i]) return i; return 0 }
  {
    f = $0; pd = -1; hit = 0; ld = -1
    while ((getline line < f) > 0) {
      if (!match(line, /"time":[0-9]+/)) continue
      t = substr(line, RSTART + 7, RLENGTH - 7) + 0
      if (!match(line, /"due":[0-9]+/)) continue   # manual runs and trips have no slot
      d = substr(line, RSTART + 6, RLENGTH - 6) + 0
      l = t - d; if (l < 0) l = 0
      if (t >= warm && t < tend) n++
      if (d >= warm && d < A[1]) print 0 "\t" l / 1000 > lat
      if ((r = inwin(d)) > 0) print r "\t" l / 1000 > lat
      if (pd >= 0 && d >= warm && d - pd > 1.5 * iv) {
        m = int((d - pd) / iv + 0.5) - 1
        for (j = 1; j <= m; j++) { missed++; if (inwin(pd + j * iv)) mreload++ }
        hit = 1
      }
      pd = d; ld = d
    }
    close(f)
    pairs += hit
    if (ld < 0) { never++; late = tend - (warm) } else late = tend - (ld + iv)
    if (late >= 2000) od++
    if (late > odm) odm = late
  }
  END { printf "%d %d %d %d %d %d %.1f\n", n, missed, pairs, mreload, never, od, odm / 1000 }' "$history_list" > "$dir/hist.out"
read -r hist_n missed missed_pairs missed_reload never_checked overdue_n overdue_max_s < "$dir/hist.out"
# per group (0 = steady before the first reload, k = reload k): n, p99, max
sort -k1,1n -k2,2g "$dir/lat.tsv" 2>/dev/null | awk -F '\t' '
  function flush() { if (c > 0) { i = int(c * 0.99); if (i < 1) i = 1; printf "%s %d %.3f %.3f\n", g, c, v[i], v[c] } }
  NR == 1 || $1 != g { flush(); g = $1; c = 0; delete v }
  { v[++c] = $2 }
  END { flush() }' > "$dir/lat.out"
declare -A LN LP LM
while read -r g c p m; do LN[$g]=$c LP[$g]=$p LM[$g]=$m; done < "$dir/lat.out"
# the pairs the reloads added: checked yet, and how long after their SIGHUP
added_checked=0 added_first_max=-
if [ "$n_added" -gt 0 ]; then
  out=$(awk -F '\t' -v sent="${sent[*]}" '
    BEGIN { split(sent, S, " ") }
    { f = $2; if ((getline line < f) > 0 && match(line, /"time":[0-9]+/)) { c++; d = substr(line, RSTART + 7, RLENGTH - 7) - S[$1]; if (d > m) m = d } close(f) }
    END { printf "%d %s\n", c, c ? sprintf("%.1f", m / 1000) : "-" }' "$dir/added.list")
  read -r added_checked added_first_max <<< "$out"
fi

state_mb=$(du -sk "$dir/var/state" 2>/dev/null | awk '{ printf "%.1f", $1 / 1024 }')
history_mb=$(du -sk "$dir/var/history" 2>/dev/null | awk '{ printf "%.1f", $1 / 1024 }')
stop_ss

# ---------- result ----------
swaps="" hdelay_max=0 internal_max=0 swap_max=0 swap_sum=0 swap_n=0 cpu_swap_max=0 rss_swap_max=0 lat_n=0 lat_p99=0 lat_max=0 failed=0
for i in "${!sent[@]}"; do
  k=$(( i + 1 ))
  if [ "${done_ms[i]}" -ge 0 ]; then
    s=$(( done_ms[i] - sent[i] ))
    swaps="$swaps${swaps:+,}$(secs "$s")"
    swap_sum=$(( swap_sum + s )) swap_n=$(( swap_n + 1 ))
    [ "$s" -le "$swap_max" ] || swap_max=$s
  else
    swaps="$swaps${swaps:+,}timeout"; swap_max=$(( swap_timeout_s * 1000 ))
  fi
  if [ -n "${LOG_HUP[i]:-}" ]; then
    h=$(( LOG_HUP[i] - sent[i] )); [ "$h" -le "$hdelay_max" ] || hdelay_max=$h
    if [ "${done_ms[i]}" -ge 0 ]; then x=$(( done_ms[i] - LOG_HUP[i] )); [ "$x" -le "$internal_max" ] || internal_max=$x; fi
  fi
  [ "${swap_cpu[i]}" -le "$cpu_swap_max" ] || cpu_swap_max=${swap_cpu[i]}
  [ "${rss_post[i]}" -le "$rss_swap_max" ] || rss_swap_max=${rss_post[i]}
  lat_n=$(( lat_n + ${LN[$k]:-0} ))
  lat_p99=$(awk -v a="$lat_p99" -v b="${LP[$k]:-0}" 'BEGIN { print (b > a) ? b : a }')
  lat_max=$(awk -v a="$lat_max" -v b="${LM[$k]:-0}" 'BEGIN { print (b > a) ? b : a }')
done
failed=${#LOG_FAIL[@]}
late_n=$(awk -F '\t' '$1 > 0 && $2 >= 1.0 { n++ } END { print n + 0 }' "$dir/lat.tsv" 2>/dev/null || echo 0)
swap_avg=$(( swap_n > 0 ? swap_sum / swap_n : 0 ))
cpu_pct() { awk -v c="$1" -v ms="$2" -v hz="$clk_tck" 'BEGIN { printf "%.1f", (ms > 0) ? 100 * c / hz / (ms / 1000) : 0 }'; }
cpu_before=$(cpu_pct $(( before_cpu - warm_cpu )) $(( before_ms - warm_ms )))
cpu_after=$(cpu_pct $(( end_cpu - after_cpu )) $(( t_end - after_ms )))
machine_pct=$(awk -v b="$(( end_busy - warm_busy ))" -v t="$(( end_total - warm_total ))" 'BEGIN { printf "%.1f", (t > 0) ? 100 * b / t : 0 }')
n_pairs0=$(( n_hosts * n_svcs ))
pairs_after=${LOG_DONE_PAIRS[*]:-}; pairs_after=${pairs_after##* }
swap_ok=$([ "$swap_max" -lt 2000 ] && [ "$failed" = 0 ] && echo yes || echo no)
missed_ok=$([ "$missed" = 0 ] && [ "$overdue_n" = 0 ] && echo yes || echo no)
met=$([ "$swap_ok" = yes ] && [ "$missed_ok" = yes ] && echo yes || echo no)
line="survivor-reload mode=batch hosts=$n_hosts services_per_host=$n_svcs services=$n_pairs0 interval_s=$interval duration_s=$duration"
line+=" reloads=$reloads change=$change pairs_after=${pairs_after:--} expected_per_min=$(( n_pairs0 * 60 / interval )) checks_per_min_history=$(awk -v n="$hist_n" -v ms="$(( t_end - t_warm ))" 'BEGIN { printf "%.0f", n * 60000 / ms }')"
line+=" swap_s_max=$(secs "$swap_max") swap_s_avg=$(secs "$swap_avg") swaps_s=$swaps signal_to_handler_s_max=$(secs "$hdelay_max") handler_to_swap_s_max=$(secs "$internal_max") reload_failed=$failed"
line+=" window_s=$window_s reload_checks_n=$lat_n reload_latency_p99_s=$(printf '%.3f' "$lat_p99") reload_latency_max_s=$(printf '%.3f' "$lat_max") reload_late_n=$late_n"
line+=" steady_checks_n=${LN[0]:-0} steady_latency_p99_s=${LP[0]:--} steady_latency_max_s=${LM[0]:--}"
line+=" missed_slots=$missed missed_slot_pairs=$missed_pairs missed_slots_reload=$missed_reload overdue_n=$overdue_n overdue_max_s=$overdue_max_s never_checked=$never_checked"
line+=" added_pairs=$n_added added_checked=$added_checked added_first_check_s_max=$added_first_max"
line+=" cpu_before_pct=$cpu_before cpu_after_pct=$cpu_after cpu_swap_s_max=$(secs "$cpu_swap_max" 2) cpu_s=$(secs $(( end_cpu * clk_ms )) 2)"
line+=" rss_before_mb=$(mb "$before_rss") rss_swap_max_mb=$(mb "$rss_swap_max") rss_after_mb=$(mb "$end_rss") hwm_before_mb=$(mb "$before_hwm") rss_peak_mb=$(mb "$end_hwm")"
line+=" machine_busy_pct=$machine_pct baseline_busy_pct=$baseline_pct startup_s=$(secs "$startup_ms" 1) log_errors=$LOG_ERRORS state_mb=$state_mb history_mb=$history_mb"
line+=" swap_ok=$swap_ok no_missed=$missed_ok targets_met=$met"

summary=$(cat <<EOF

$n_pairs0 pairs (${n_hosts} x ${n_svcs}) every ${interval} s, batch module, ${duration} s run; ${reloads} SIGHUPs from ${first_s} s on, every ${every_s} s (change: $([ "$change" = add ] && echo "one host (${n_svcs} pairs) added per reload, ${pairs_after:-?} pairs at the end" || echo "a comment line of host.cf"))
  swap time               $(echo "$swaps" | sed 's/,/ s, /g') s (SIGHUP sent -> ss logs "configuration reloaded"); max $(secs "$swap_max") s
                          of which signal -> handler up to $(secs "$hdelay_max") s, handler -> swapped up to $(secs "$internal_max") s; failed reloads: $failed
  checks around reloads   $lat_n checks due from ${window_s} s before each SIGHUP to ${window_s} s after its swap: latency p99 $(printf '%.3f' "$lat_p99") s, max $(printf '%.3f' "$lat_max") s, $late_n started >= 1 s late
                          (steady state before the first reload: ${LN[0]:-0} checks, p99 ${LP[0]:--} s, max ${LM[0]:--} s)
  missed                  $missed slots of $missed_pairs pairs skipped ($missed_reload of them in a reload window); $overdue_n pairs overdue at the end (worst ${overdue_max_s} s), $never_checked never checked
$([ "$n_added" -gt 0 ] && echo "  added pairs             $added_checked/$n_added checked by the end (first check up to ${added_first_max} s after their SIGHUP)" || echo "  added pairs             none (CHANGE=comment)")
  ss CPU                  ${cpu_before} % of a core before the first reload, ${cpu_after} % after the last; up to $(secs "$cpu_swap_max" 2) s of CPU between a SIGHUP and its swap
  ss RSS                  $(mb "$before_rss") MB before, up to $(mb "$rss_swap_max") MB just after a swap, $(mb "$end_rss") MB at the end; peak $(mb "$end_hwm") MB (before the reloads $(mb "$before_hwm") MB)
  machine                 ${machine_pct} % busy after the warm-up (baseline ${baseline_pct} %); ss errors logged: $LOG_ERRORS
targets: swap < 2 s $swap_ok, no check missed $missed_ok (no slot skipped, none overdue at the end) => $([ "$met" = yes ] && echo MET || echo NOT MET)
EOF
)
cp "$samples" "${SAMPLES_OUT:-/dev/null}" 2>/dev/null || true
if [ -n "${RESULTS_DIR:-}" ]; then
  mkdir -p "$RESULTS_DIR"
  name="reload-${n_hosts}x${n_svcs}-$(date -u +%Y%m%d-%H%M%S)"
  printf '%s\n' "$line" > "$RESULTS_DIR/$name.line"
  printf '%s\n%s\n' "$line" "$summary" > "$RESULTS_DIR/$name.txt"
  cp "$samples" "$RESULTS_DIR/$name.samples.tsv"
  cp "$dir/ss.log" "$RESULTS_DIR/$name.ss.log"
fi
printf '%s\n%s\n' "$line" "$summary"
[ "$met" = yes ]
