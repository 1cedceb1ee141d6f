# Survivor helper for check modules written in POSIX sh. Source it, then:
#   survivor_init "$@"              handles -v, reads the batch input from stdin
#   survivor_hosts                  the hosts to check, one per line
#   survivor_option NAME [DEFAULT]  an option's value(s), one per line (typed and
#                                   defaulted by the module's manifest <module>.ini)
#   survivor_timeout                the timeout in seconds (empty when unlimited)
#   survivor_service                the service (check) name
#   survivor_result HOST RC SCALAR COMMENT [DURATION_MS]   prints one result line
# A module may define survivor_validate (prints a comment, returns non-zero on
# failure) before calling survivor_init; -v then runs it. Needs node in PATH.

SURVIVOR_LIB=${SURVIVOR_LIB:-$(dirname "$0")/../lib}
SURVIVOR_INPUT=

_survivor_name() {
  _sv_name=$(basename "$0")
  printf '%s%s\n' "$(printf '%s' "$_sv_name" | cut -c1 | tr '[:lower:]' '[:upper:]')" "$(printf '%s' "$_sv_name" | cut -c2-)"
}

survivor_init() {
  if [ "${1:-}" = -v ]; then
    if ! command -v node >/dev/null 2>&1; then
      survivor_result localhost 1 0 "node is not in PATH ($PATH)"
      exit 1
    fi
    _sv_comment="$(_survivor_name) OK"
    if command -v survivor_validate >/dev/null 2>&1; then
      if ! _sv_comment=$(survivor_validate 2>&1); then
        survivor_result localhost 1 0 "${_sv_comment:-validation failed}"
        exit 1
      fi
    fi
    survivor_result localhost 0 0 "${_sv_comment:-$(_survivor_name) OK}"
    exit 0
  fi
  if [ -f "$0.ini" ]; then
    SURVIVOR_INPUT=$(node "$SURVIVOR_LIB/survivor-input.js" "$0.ini") || exit 4
  else
    SURVIVOR_INPUT=$(node "$SURVIVOR_LIB/survivor-input.js") || exit 4
  fi
  _sv_reason=$(printf '%s\n' "$SURVIVOR_INPUT" | awk -F '\t' '$1 == "misconfig" { print substr($0, 11) }')
  if [ -n "$_sv_reason" ]; then
    survivor_hosts | while IFS= read -r _sv_host; do survivor_result "$_sv_host" 4 0 "$_sv_reason"; done
    exit 0
  fi
}

survivor_hosts() {
  printf '%s\n' "$SURVIVOR_INPUT" | awk -F '\t' '$1 == "host" { print substr($0, 6) }'
}

survivor_service() {
  printf '%s\n' "$SURVIVOR_INPUT" | awk -F '\t' '$1 == "service" { print substr($0, 9) }'
}

survivor_timeout() {
  printf '%s\n' "$SURVIVOR_INPUT" | awk -F '\t' '$1 == "timeout" { print substr($0, 9) }'
}

survivor_option() {
  printf '%s\n' "$SURVIVOR_INPUT" | awk -F '\t' -v name="$1" '
    $1 == "option" && $2 == name { print substr($0, length(name) + 9); found = 1 }
    END { exit !found }' || { [ $# -ge 2 ] && printf '%s\n' "$2"; }
}

# JSON-escapes host and comment (quotes, backslashes; control characters and
# whitespace runs become one space, as the JS helper does). RC must be an
# integer (else the line says MISCONFIG); SCALAR and DURATION are rounded.
survivor_result() {
  _SV_HOST=$1 _SV_RC=$2 _SV_SCALAR=$3 _SV_COMMENT=${4:-} _SV_DURATION=${5:-} LC_ALL=C awk '
    function flat(s,    out, i, c, n, space) {
      out = ""; n = length(s); space = 0
      for (i = 1; i <= n; i++) {
        c = substr(s, i, 1)
        if (c in ctl || c == " ") { space = 1; continue }
        if (space && out != "") out = out " "
        space = 0
        if (c == "\\") out = out "\\\\"
        else if (c == "\"") out = out "\\\""
        else out = out c
      }
      return out
    }
    function number(s) { return s ~ /^-?[0-9]+(\.[0-9]+)?$/ ? sprintf("%.0f", s) : "" }
    BEGIN {
      for (i = 1; i < 32; i++) ctl[sprintf("%c", i)] = 1
      ctl[sprintf("%c", 127)] = 1
      rc = ENVIRON["_SV_RC"]; comment = flat(ENVIRON["_SV_COMMENT"])
      if (rc !~ /^[0-9]+$/) { comment = "module returned an invalid return code \\\"" flat(rc) "\\\""; rc = 4 }
      scalar = number(ENVIRON["_SV_SCALAR"]); if (scalar == "") scalar = 0
      duration = number(ENVIRON["_SV_DURATION"])
      printf "{\"host\":\"%s\",\"rc\":%d,\"scalar\":%s,\"comment\":\"%s\"%s}\n", flat(ENVIRON["_SV_HOST"]), rc, scalar, comment, duration == "" ? "" : ",\"duration\":" duration
    }'
}
