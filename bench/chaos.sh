#!/usr/bin/env bash
# The fault-injection suite of test/reliability (`make chaos`): by default in
# the long mode (SURVIVOR_CHAOS=long: 200 kills, 1,000 sc commands, a 30-minute
# soak), one file after the other so the figures are not skewed by each other,
# then writes the figures into the matching section of docs/reliability.md.
#
# Usage: bench/chaos.sh                  long mode (about 45 minutes)
#        SURVIVOR_CHAOS=short bench/chaos.sh   the CI counts, figures into the short section
# Needs a build (`make build`); mounting a tmpfs (full-disk test) needs root;
# libfaketime (Debian package faketime) for the clock-jump test.
# Exit status: that of the test run (figures are written for the tests that finished).
set -uo pipefail
cd "$(dirname "$0")/.."
mode=${SURVIVOR_CHAOS:-long}
figures=$(mktemp -d "${TMPDIR:-/tmp}/survivor-chaos.XXXXXX")
trap 'rm -rf "$figures"' EXIT
SURVIVOR_CHAOS=$mode SURVIVOR_FIGURES_DIR=$figures node --test --test-concurrency=1 --test-reporter=spec \
  $(find dist/test/reliability -name '*.test.js' | sort)
status=$?
node dist/bench/reliability-figures.js "$figures" docs/reliability.md "$mode"
exit $status
