#!/usr/bin/env bash
# The batch benchmark (`make bench`): 10,000 service@host pairs (500 hosts x 20
# services), every pair every minute, one batch module process per service and
# dispatch (bench/mod/check/benchbatch), for DURATION_S seconds. Prints the
# figures and whether the targets are met: keeps up, due-to-start latency
# p99 < 1 s, peak RSS of the daemon < 150 MB.
#
# Usage: run-batch.sh [DURATION_S]      (or DURATION_S=120 run-batch.sh; default 300)
# Environment: N_HOSTS=500 N_SVCS=20 INTERVAL_S=60 FAIL_PCT=0, anything run-ss.sh
# takes (SAMPLE_S, KEEP, STATE_FSYNC, ...), and RESULTS_DIR=DIR to keep the raw
# output there (<name>.line, <name>.samples.tsv, <name>.log).
# Exit status: 0 when every target is met, 1 when one is missed, 2+ on failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
duration=${1:-${DURATION_S:-300}}
n_hosts=${N_HOSTS:-500} n_svcs=${N_SVCS:-20} interval=${INTERVAL_S:-60} fail_pct=${FAIL_PCT:-0}
# a quick run shorter than two intervals still gets a steady window: its second half
if [ -z "${WARMUP_S:-}" ] && [ "$duration" -le "$interval" ]; then export WARMUP_S=$(( duration / 2 )); fi

work=$(mktemp -d "${TMPDIR:-/tmp}/ssbatch.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "run-batch: ${n_hosts} hosts x ${n_svcs} services every ${interval}s, batch module, ${duration}s (progress on stderr)" >&2
MODE=batch SAMPLES_OUT="$work/samples.tsv" "$here/run-ss.sh" "$n_hosts" "$n_svcs" "$interval" "$duration" "$fail_pct" \
  2>&1 > "$work/line" | tee "$work/log" >&2
line=$(cat "$work/line")
[ -n "$line" ] || { echo "run-batch: run-ss.sh printed no result" >&2; exit 2; }
if [ -n "${RESULTS_DIR:-}" ]; then
  mkdir -p "$RESULTS_DIR"
  name="batch-${n_hosts}x${n_svcs}-$(date +%Y%m%d-%H%M%S)"
  printf '%s\n' "$line" > "$RESULTS_DIR/$name.line"
  cp "$work/samples.tsv" "$RESULTS_DIR/$name.samples.tsv"
  cp "$work/log" "$RESULTS_DIR/$name.log"
fi

printf '%s\n' "$line"
printf '%s\n' "$line" | awk '
  { for (i = 2; i <= NF; i++) { p = index($i, "="); v[substr($i, 1, p - 1)] = substr($i, p + 1) } }
  END {
    p99 = v["latency_p99_s"] + 0; if (v["latency_p99_peak_s"] != "-" && v["latency_p99_peak_s"] + 0 > p99) p99 = v["latency_p99_peak_s"] + 0
    mx = v["latency_max_s"] + 0; if (v["latency_max_peak_s"] + 0 > mx) mx = v["latency_max_peak_s"] + 0
    # keeping_up is the rule of run-nagios.sh (rate, latency, overdue at the end); a slot the
    # scheduler skipped and never ran (missed_slots) is not keeping up either
    up = v["keeping_up"] == "yes" && v["missed_slots"] + 0 == 0; lat = p99 < 1.0; rss = v["rss_mb"] + 0 < 150
    printf "\n%d pairs (%s x %s) every %s s, batch module, %s s run (steady window %s s; baseline machine busy %s %%, during the window %s %%)\n", v["services"], v["hosts"], v["services_per_host"], v["interval_s"], v["duration_s"], v["steady_window_s"], v["baseline_busy_pct"], v["machine_busy_pct"]
    printf "  checks per minute      %s (expected %s; from the check records: %s)\n", v["checks_per_min"], v["expected_per_min"], v["checks_per_min_history"]
    printf "  due-to-start latency   p50 %s s, p99 %.3f s, max %.3f s (last check of every pair: p99 %s s, max %s s; all checks, worst minute: p99 %s s, max %s s)\n", v["latency_p50_s"], p99, mx, v["latency_p99_s"], v["latency_max_s"], v["latency_p99_peak_s"], v["latency_max_peak_s"]
    printf "  overdue / missed slots %s pairs (worst %s s) / %s slots of %s pairs\n", v["overdue_n"], v["overdue_max_s"], v["missed_slots"], v["missed_slot_pairs"]
    printf "  daemon CPU             %s %% of a core (%s s in all); executors %s %%, module processes %s %%\n", v["daemon_cpu_pct"], v["cpu_s"], v["workers_cpu_pct"], v["checks_cpu_pct"]
    printf "  peak RSS               %s MB (executors %s MB together)\n", v["rss_mb"], v["rss_workers_mb"]
    printf "  results on disk        %s written in the last interval\n", v["results_on_disk"]
    printf "targets: keeps up %s (rate, latency, overdue: %s; no missed slots: %s), p99 < 1 s %s, RSS < 150 MB %s => %s\n", up ? "yes" : "NO", v["keeping_up"], (v["missed_slots"] + 0 == 0) ? "yes" : "no", lat ? "yes" : "NO", rss ? "yes" : "NO", (up && lat && rss) ? "MET" : "NOT MET"
    exit (up && lat && rss) ? 0 : 1
  }'
