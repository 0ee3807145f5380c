# Helpers for bench/run.sh: timing under /usr/bin/time, GC-log parsing, the results table.
# Sourced, not run. Expects WORK, REPEAT, RESULTS_ROWS and JAVA_HEAP to be set by run.sh.

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

die() { log "FAILED: $*"; exit 1; }

# A free TCP port on 127.0.0.1.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Reads a file once so that both sides start from a warm page cache.
warm() { cat "$@" >/dev/null; }

# measure NAME CMD... — runs CMD REPEAT times under /usr/bin/time; sets T (best wall-clock seconds)
# and RSS (MiB, peak resident set of that best run); that run's CPU seconds go to $WORK/NAME.cpu. CMD's stdout/stderr go to $WORK/NAME.{out,err}.
# A run of a JVM started by jvm_cmd also leaves $WORK/NAME.gc, parsed by heap_of.
measure() {
  local name=$1
  shift
  local i t rss user sys best="" best_rss=""
  for i in $(seq 1 "$REPEAT"); do
    [ -n "${BEFORE_EACH:-}" ] && eval "$BEFORE_EACH"
    if ! /usr/bin/time -f '%e %M %U %S' -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"; then
      tail -20 "$WORK/$name.err" >&2
      die "$name: $*"
    fi
    read -r t rss user sys <"$WORK/$name.time"
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$t
      best_rss=$rss
      awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f\n", u + s }' >"$WORK/$name.cpu"
    fi
  done
  T=$best
  RSS=$(( best_rss / 1024 ))
  log "$name: ${T}s, peak RSS ${RSS} MiB"
}

# interleaved NAME_D NAME_S — runs D_CMD (dbsnap) and S_CMD (the baseline) alternately, REPEAT times each,
# so that both see the same load; sets DT/ST (best seconds), DRSS (MiB, of dbsnap's best run) and
# DCPU/SCPU (CPU seconds of each best run). Logs the load average before every pair.
interleaved() {
  local d=$1 s=$2 i
  DT="" ST="" DRSS="" DCPU="" SCPU=""
  for i in $(seq 1 "$REPEAT"); do
    log "pair $i/$REPEAT, load $(cut -d' ' -f1-3 /proc/loadavg)"
    REPEAT=1 measure "$d" "${D_CMD[@]}"
    if [ -z "$DT" ] || awk -v a="$T" -v b="$DT" 'BEGIN { exit !(a < b) }'; then
      DT=$T; DRSS=$RSS; DCPU=$(cat "$WORK/$d.cpu")
    fi
    REPEAT=1 measure "$s" "${S_CMD[@]}"
    if [ -z "$ST" ] || awk -v a="$T" -v b="$ST" 'BEGIN { exit !(a < b) }'; then
      ST=$T; SCPU=$(cat "$WORK/$s.cpu")
    fi
  done
}

# jvm_cmd NAME JAVA ARGS... — prints nothing; sets CMD to a JVM command line with the bench heap
# limit and a GC log in $WORK/NAME.gc (the JVM appends the pid, so repeated runs keep their logs).
jvm_cmd() {
  local name=$1 java=$2
  shift 2
  # DEBUG for dbsnap's own loggers: its "timing" lines give the per-stage breakdown (stages, cipher_of)
  CMD=("$java" "-Xmx$JAVA_HEAP" "-Xlog:gc:file=$WORK/$name-%p.gc" -Dorg.slf4j.simpleLogger.log.io.github.dbsnap=debug
       ${BENCH_JVM_OPTS:-} "$@")
}

# stages NAME LABEL — appends the "timing" lines of the last run of NAME to STAGES (per-stage breakdown).
stages() {
  local lines
  lines=$(grep -o 'timing .*' "$WORK/$1.err" | sed 's/^timing //' | paste -sd ';' - | sed 's/;/; /g')
  STAGES+=("- $2: ${lines:-no timing lines}")
}

# cpu_pair NAME — "CPU: dbsnap X s, tools Y s" of the fastest runs of NAME and NAME-std (user + system).
cpu_pair() { echo "CPU: dbsnap $(cat "$WORK/$1.cpu") s, tools $(cat "$WORK/$1-std.cpu") s"; }

# cipher_of NAME — which ChaCha20-Poly1305 the age run of NAME used (from its DEBUG line).
cipher_of() {
  local p
  p=$(grep -o 'ChaCha20-Poly1305 from [A-Za-z0-9]*' "$WORK/$1.err" | head -1 | sed 's/.* from //')
  echo "cipher: ${p:-JDK}"
}

# heap_of NAME — "peak / live" heap in MiB: the largest heap occupancy before a GC and the largest
# after one, over every run of NAME ("<initial" when the heap never filled enough to collect).
heap_of() {
  local name=$1
  cat "$WORK/$name"-*.gc 2>/dev/null | awk '
    match($0, /([0-9]+)M->([0-9]+)M\(([0-9]+)M\)/) {
      s = substr($0, RSTART, RLENGTH); split(s, a, /M->|M\(|M\)/)
      if (a[1] + 0 > before) before = a[1] + 0
      if (a[2] + 0 > after) after = a[2] + 0
      n++
    }
    END { if (n == 0) print "no GC"; else printf "%d / %d", before, after }'
}

# CPU seconds a process and its waited-for children (Redis's fork for --rdb) have used so far.
cpu_of() {
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13 + $14 + $15) / hz }' "/proc/$1/stat"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) print "n/a"; else printf "%.2f", a / b }'; }

mib() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.0f MiB", b / 1048576 }'; }

# row WHAT DATA DBSNAP_S STANDARD_S RSS HEAP NOTE — appends one line of the results table.
row() {
  local r
  if [ "$4" = "n/a" ]; then r="n/a"; else r=$(ratio "$3" "$4"); fi
  local note=${7//|/\\|}
  RESULTS_ROWS+=("| $1 | $2 | $3 | $4 | $r | $5 | $6 | $note |")
  log "ROW $1: dbsnap $3 s, standard $4 s, ratio $r"
}
