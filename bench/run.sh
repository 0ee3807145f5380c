#!/usr/bin/env bash
# dbsnap benchmark: dbsnap against the standard command-line tools, on the same machine and data, in one run.
# Writes bench/results.md. Not part of the test suite (`mvn verify` and .ci/run never run it).
#
#   bench/run.sh
#
# Settings (environment):
#   BENCH_SIZE_MB=1024       size of the SQLite database and of the file for the age and S3 rows
#   BENCH_REDIS_KEYS=1000000 keys in the Redis row
#   BENCH_PG_ROWS            rows of the PostgreSQL table (default: BENCH_SIZE_MB x 2000, ~330 MB at 1 GiB)
#   BENCH_MARIA_ROWS         rows of the MariaDB table (default: BENCH_PG_ROWS)
#   BENCH_ROWS="sqlite age redis s3 azure pg maria"  which groups to run
#                            (the s3 and azure groups interleave dbsnap and the baseline run by run)
#   BENCH_REPEAT=1           runs per measurement; the best time is reported
#   BENCH_DIR=/tmp           where the scratch directory goes (removed at the end)
#   BENCH_HEAP=64m           -Xmx of every dbsnap JVM
#   BENCH_JAVA17, BENCH_JAVA25  the two JDKs (default: java on the PATH, Temurin 25)
#   BENCH_JVM_OPTS           extra JVM options for dbsnap (e.g. -XX:StartFlightRecording=...)
#   BENCH_OUT=bench/results.md
# Needs: sqlite3, zstd, tar, age, age-keygen, redis-server, redis-cli, aws, node + npm (azure group: Azurite from
# storage-azure/node_modules, @azure/storage-blob into bench/azure/node_modules), pg_dump, pg_restore, psql,
# GNU time (/usr/bin/time), python3, and PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres);
# the maria group needs mariadb, mariadb-dump and MariaDB on 127.0.0.1:3306 (root, no password, local_infile on).
# All traffic stays on 127.0.0.1; the Redis and S3 servers are started here on free ports.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
source bench/lib.sh

SIZE_MB=${BENCH_SIZE_MB:-1024}
REDIS_KEYS=${BENCH_REDIS_KEYS:-1000000}
PG_ROWS=${BENCH_PG_ROWS:-$(( SIZE_MB * 2000 ))}
MARIA_ROWS=${BENCH_MARIA_ROWS:-$PG_ROWS}
GROUPS_TO_RUN=${BENCH_ROWS:-sqlite age redis s3 azure pg maria}
REPEAT=${BENCH_REPEAT:-1}
JAVA_HEAP=${BENCH_HEAP:-64m}
JAVA17=${BENCH_JAVA17:-$(command -v java)}
JAVA25=${BENCH_JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
OUT=${BENCH_OUT:-bench/results.md}
JAR=$ROOT/examples/target/dbsnap.jar
PG=(-h 127.0.0.1 -p 5432 -U postgres)
export PGOPTIONS='-c client_min_messages=warning'
PG_DB=dbsnap_bench
MY=(-h 127.0.0.1 -P 3306 -u root)
MY_DB=dbsnap_bench
RESULTS_ROWS=()
STAGES=()
NOTES=()
PIDS=()

for tool in sqlite3 zstd tar age age-keygen redis-server redis-cli aws pg_dump pg_restore psql python3 mariadb mariadb-dump; do
  command -v "$tool" >/dev/null || die "$tool is not installed"
done
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) is not installed"

WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/dbsnap-bench.XXXXXX")
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ " $GROUPS_TO_RUN " == *" pg "* ]]; then
    for db in $PG_DB ${PG_DB}_restore ${PG_DB}_std; do
      psql "${PG[@]}" -qAtc "DROP DATABASE IF EXISTS $db" postgres >/dev/null 2>&1 || true
    done
  fi
  if [[ " $GROUPS_TO_RUN " == *" maria "* ]]; then
    for db in $MY_DB ${MY_DB}_restore ${MY_DB}_std; do
      mariadb "${MY[@]}" -e "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
    done
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build -------------------------------------------------------------------------------------
newest_source=$(find core jdbc redis storage-* examples -path '*/src/main/*' -newer "$JAR" -print -quit 2>/dev/null || echo rebuild)
if [ ! -f "$JAR" ] || [ -n "$newest_source" ]; then
  log "building $JAR"
  if ! mvn -B -q -DskipTests package; then
    # the build's dependencyConvergence rule may fail on a branch whose versions are being aligned;
    # the benchmark needs only the jar
    log "mvn package failed; retrying with -Denforcer.skip=true"
    mvn -B -q -DskipTests -Denforcer.skip=true package || die "mvn package failed"
  fi
fi
mkdir -p "$WORK/classes"
"$(dirname "$(readlink -f "$JAVA17")")/javac" -d "$WORK/classes" -cp "$JAR" bench/src/io/github/dbsnap/bench/*.java
BENCH_CP=$WORK/classes:$JAR

java_version() { "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.runtime.version/ { print $2 }'; }
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "work dir $WORK, size ${SIZE_MB} MiB, load $LOAD_BEFORE"

age-keygen -o "$WORK/key.txt" 2>/dev/null
AGE_RECIPIENT=$(age-keygen -y "$WORK/key.txt")
AGE_IDENTITY=$(grep '^AGE-SECRET-KEY-' "$WORK/key.txt")

# --- SQLite: create and restore, with and without age --------------------------------------------
make_sqlite() {
  local db=$1 rows=$(( SIZE_MB * 1048576 / 172 ))
  log "generating a ${SIZE_MB} MiB SQLite database ($rows rows)"
  sqlite3 "$db" >/dev/null <<SQL
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE events (id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL, user TEXT NOT NULL,
                     kind TEXT NOT NULL, token TEXT NOT NULL, payload TEXT, score REAL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
INSERT INTO events
SELECT i, 1700000000 + i * 3, printf('user-%07d@example.com', i % 500000),
       CASE i % 4 WHEN 0 THEN 'login' WHEN 1 THEN 'view' WHEN 2 THEN 'click' ELSE 'purchase' END,
       hex(randomblob(16)),
       substr('GET /api/v1/items?page=1&sort=desc&filter=active HTTP/1.1 Mozilla/5.0 (X11; Linux x86_64) '
              || 'AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36', 1 + i % 40, 60 + i % 40),
       (i % 1000) / 7.0
FROM n;
SQL
}

sqlite_rows() {
  local src=$WORK/main.db
  make_sqlite "$src"
  local size; size=$(mib "$src")
  local base=(env SNAPSHOTS_MAIN_URL="jdbc:sqlite:$src" SNAPSHOTS_STORAGE_LOCAL_DIR="$WORK/snap"
              SNAPSHOTS_MAIN_TEMP_DIR="$WORK")
  local enc=(SNAPSHOTS_AGE_PUBLIC_KEY="$AGE_RECIPIENT" SNAPSHOTS_AGE_SECRET_KEY="$AGE_IDENTITY")
  mkdir -p "$WORK/std"
  local variant suffix std_age_enc std_age_dec label
  for variant in plain age; do
    if [ "$variant" = age ]; then
      suffix=.age; label="zstd + age"
      std_age_enc="| age -r $AGE_RECIPIENT"; std_age_dec="age -d -i $WORK/key.txt '$WORK/std/out.tar.zst$suffix' | zstd -d -q"
    else
      suffix=""; label="zstd"; std_age_enc=""; std_age_dec="zstd -d -q < '$WORK/std/out.tar.zst'"
    fi
    # create
    warm "$src"
    BEFORE_EACH="rm -rf '$WORK/snap/$variant'"
    jvm_cmd "sqlite-create-$variant" "$JAVA17" -jar "$JAR" create --prefix "$variant"
    if [ "$variant" = age ]; then
      measure "sqlite-create-$variant" "${base[@]}" "${enc[@]}" "${CMD[@]}"
    else
      measure "sqlite-create-$variant" "${base[@]}" "${CMD[@]}"
    fi
    local d_t=$T d_rss=$RSS d_heap; d_heap=$(heap_of "sqlite-create-$variant")
    local object=$WORK/snap/$variant/main.tar.zst$suffix
    [ -f "$object" ] || die "no snapshot at $object"
    BEFORE_EACH="rm -f '$WORK/std/x.db' '$WORK/std/out.tar.zst$suffix'"
    measure "sqlite-create-$variant-std" bash -c "sqlite3 '$src' \".backup '$WORK/std/x.db'\" \
      && tar -C '$WORK/std' -cf - x.db | zstd -3 -q $std_age_enc > '$WORK/std/out.tar.zst$suffix'"
    local s_ct=$T
    stages "sqlite-create-$variant" "create, SQLite, $label, JDK 17"
    row "create, SQLite, $label, JDK 17" "$size → $(mib "$object")" "$d_t" "$T" "$d_rss" "$d_heap" \
      "\`sqlite3 .backup\` + \`tar | zstd -3${std_age_enc:+ | age}\`; $(cpu_pair "sqlite-create-$variant")"
    # restore
    BEFORE_EACH="rm -f '$WORK/live.db'; sqlite3 '$WORK/live.db' 'CREATE TABLE t(x)'"
    jvm_cmd "sqlite-restore-$variant" "$JAVA17" -jar "$JAR" restore "file://$object"
    if [ "$variant" = age ]; then
      measure "sqlite-restore-$variant" env SNAPSHOTS_MAIN_URL="jdbc:sqlite:$WORK/live.db" \
        SNAPSHOTS_STORAGE_LOCAL_DIR="$WORK/snap" SNAPSHOTS_MAIN_TEMP_DIR="$WORK" "${enc[@]}" "${CMD[@]}"
    else
      measure "sqlite-restore-$variant" env SNAPSHOTS_MAIN_URL="jdbc:sqlite:$WORK/live.db" \
        SNAPSHOTS_STORAGE_LOCAL_DIR="$WORK/snap" SNAPSHOTS_MAIN_TEMP_DIR="$WORK" "${CMD[@]}"
    fi
    d_t=$T; d_rss=$RSS; d_heap=$(heap_of "sqlite-restore-$variant")
    [ "$(sqlite3 "$WORK/live.db" 'SELECT count(*) FROM events')" = "$(sqlite3 "$src" 'SELECT count(*) FROM events')" ] \
      || die "restored SQLite database differs"
    BEFORE_EACH="rm -rf '$WORK/std/x' '$WORK/live-std.db'; mkdir -p '$WORK/std/x'; sqlite3 '$WORK/live-std.db' 'CREATE TABLE t(x)'"
    measure "sqlite-restore-$variant-std" bash -c "$std_age_dec \
      | tar -C '$WORK/std/x' -xf - && sqlite3 '$WORK/live-std.db' \".restore '$WORK/std/x/x.db'\""
    local s_rt=$T
    stages "sqlite-restore-$variant" "restore, SQLite, $label, JDK 17"
    # the same pipeline with the check dbsnap makes before it swaps: PRAGMA integrity_check of the extracted file
    measure "sqlite-restore-$variant-std-check" bash -c "$std_age_dec \
      | tar -C '$WORK/std/x' -xf - && [ \"\$(sqlite3 '$WORK/std/x/x.db' 'PRAGMA integrity_check')\" = ok ] \
      && sqlite3 '$WORK/live-std.db' \".restore '$WORK/std/x/x.db'\""
    row "restore, SQLite, $label, JDK 17" "$(mib "$object") → $size" "$d_t" "$s_rt" "$d_rss" "$d_heap" \
      "${std_age_enc:+\`age -d\` + }\`zstd -d | tar x\` + \`sqlite3 .restore\`; with \`PRAGMA integrity_check\` before the swap: $T s, ratio $(ratio "$d_t" "$T"); $(cpu_pair "sqlite-restore-$variant")"
    if [ "$variant" = age ] && [ -x "$JAVA25" ]; then
      # the same create and restore on the newest JDK, whose ChaCha20-Poly1305 is intrinsified
      local v25; v25=$(java_version "$JAVA25")
      BEFORE_EACH="rm -rf '$WORK/snap/age25'"
      jvm_cmd sqlite-create-age-25 "$JAVA25" -jar "$JAR" create --prefix age25
      measure sqlite-create-age-25 "${base[@]}" "${enc[@]}" "${CMD[@]}"
      row "create, SQLite, $label, JDK $v25" "$size → $(mib "$WORK/snap/age25/main.tar.zst.age")" "$T" "$s_ct" "$RSS" \
        "$(heap_of sqlite-create-age-25)" "as above"
      BEFORE_EACH="rm -f '$WORK/live.db'; sqlite3 '$WORK/live.db' 'CREATE TABLE t(x)'"
      jvm_cmd sqlite-restore-age-25 "$JAVA25" -jar "$JAR" restore "file://$object"
      measure sqlite-restore-age-25 env SNAPSHOTS_MAIN_URL="jdbc:sqlite:$WORK/live.db" \
        SNAPSHOTS_STORAGE_LOCAL_DIR="$WORK/snap" SNAPSHOTS_MAIN_TEMP_DIR="$WORK" "${enc[@]}" "${CMD[@]}"
      row "restore, SQLite, $label, JDK $v25" "$(mib "$object") → $size" "$T" "$s_rt" "$RSS" \
        "$(heap_of sqlite-restore-age-25)" "as above"
    fi
    unset BEFORE_EACH
    rm -rf "$WORK/std/x" "$WORK/live-std.db" "$WORK/live.db"
  done
  rm -f "$WORK/std/x.db" "$WORK/std/out.tar.zst"*
  rm -rf "$WORK/snap"
}

# --- age throughput: JDK 17 and JDK 25 against age -------------------------------------------------
age_rows() {
  local data=$WORK/age.bin
  if [ -f "$WORK/main.db" ]; then
    data=$WORK/main.db
  else
    log "generating ${SIZE_MB} MiB of random data"
    head -c "$(( SIZE_MB * 1048576 ))" /dev/urandom >"$data"
  fi
  local size; size=$(mib "$data")
  warm "$data"
  measure age-enc-std age -r "$AGE_RECIPIENT" -o "$WORK/std.age" "$data"
  local enc_std=$T
  measure age-dec-std age -d -i "$WORK/key.txt" -o /dev/null "$WORK/std.age"
  local dec_std=$T
  local jdk java v
  for jdk in 17 25; do
    if [ "$jdk" = 17 ]; then java=$JAVA17; else java=$JAVA25; fi
    [ -x "$java" ] || { log "no JDK $jdk at $java; skipping"; continue; }
    v=$(java_version "$java")
    jvm_cmd "age-enc-$jdk" "$java" -cp "$BENCH_CP" io.github.dbsnap.bench.AgeThroughput encrypt "$data" "$WORK/j.age" "$AGE_RECIPIENT"
    measure "age-enc-$jdk" "${CMD[@]}"
    row "age encrypt, JDK $v" "$size" "$T" "$enc_std" "$RSS" "$(heap_of "age-enc-$jdk")" \
      "$(mb_s "$data" "$T") MB/s vs \`age -r\` $(mb_s "$data" "$enc_std") MB/s; $(cipher_of "age-enc-$jdk")"
    jvm_cmd "age-dec-$jdk" "$java" -cp "$BENCH_CP" io.github.dbsnap.bench.AgeThroughput decrypt "$WORK/std.age" /dev/null "$WORK/key.txt"
    measure "age-dec-$jdk" "${CMD[@]}"
    row "age decrypt, JDK $v" "$size" "$T" "$dec_std" "$RSS" "$(heap_of "age-dec-$jdk")" \
      "$(mb_s "$data" "$T") MB/s vs \`age -d\` $(mb_s "$data" "$dec_std") MB/s; $(cipher_of "age-dec-$jdk")"
    if [ "$jdk" = 17 ]; then
      # the fallback without the optional provider: the JDK's own ChaCha20-Poly1305
      jvm_cmd age-enc-17-jdk "$java" -Ddbsnap.age.provider=jdk -cp "$BENCH_CP" io.github.dbsnap.bench.AgeThroughput encrypt "$data" "$WORK/j.age" "$AGE_RECIPIENT"
      measure age-enc-17-jdk "${CMD[@]}"
      row "age encrypt, JDK $v, JDK cipher (fallback)" "$size" "$T" "$enc_std" "$RSS" "$(heap_of age-enc-17-jdk)" \
        "$(mb_s "$data" "$T") MB/s vs \`age -r\` $(mb_s "$data" "$enc_std") MB/s; $(cipher_of age-enc-17-jdk)"
      jvm_cmd age-dec-17-jdk "$java" -Ddbsnap.age.provider=jdk -cp "$BENCH_CP" io.github.dbsnap.bench.AgeThroughput decrypt "$WORK/std.age" /dev/null "$WORK/key.txt"
      measure age-dec-17-jdk "${CMD[@]}"
      row "age decrypt, JDK $v, JDK cipher (fallback)" "$size" "$T" "$dec_std" "$RSS" "$(heap_of age-dec-17-jdk)" \
        "$(mb_s "$data" "$T") MB/s vs \`age -d\` $(mb_s "$data" "$dec_std") MB/s; $(cipher_of age-dec-17-jdk)"
    fi
  done
  # what dbsnap wrote, age opens
  age -d -i "$WORK/key.txt" -o /dev/null "$WORK/j.age" || die "age cannot decrypt dbsnap's output"
  rm -f "$WORK/std.age" "$WORK/j.age" "$WORK/age.bin"
}

mb_s() { awk -v b="$(stat -c %s "$1")" -v t="$2" 'BEGIN { printf "%.0f", b / t / 1e6 }'; }

# --- Redis: 1M keys, create vs redis-cli --rdb, restore vs loading the RDB at start-up -------------
start_redis() { # DIR PORT [ARGS...] — starts redis-server, waits until it answers
  local dir=$1 port=$2
  shift 2
  mkdir -p "$dir"
  # repl-diskless-sync-delay 0: otherwise the server waits 5 s for more replicas before serving --rdb
  redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --save '' --appendonly no \
    --enable-debug-command yes --repl-diskless-sync-delay 0 "$@" >"$dir/redis.log" 2>&1 &
  PIDS+=($!)
  local i
  for i in $(seq 1 300); do
    [ "$(redis-cli -p "$port" ping 2>/dev/null)" = PONG ] && return 0
    sleep 0.05
  done
  die "redis-server on $port did not start"
}

redis_rows() {
  local port; port=$(free_port)
  start_redis "$WORK/redis" "$port"
  local server=${PIDS[-1]} cpu0 cpu1 cpu2
  log "populating Redis with $REDIS_KEYS keys"
  redis-cli -p "$port" DEBUG POPULATE "$REDIS_KEYS" key 100 >/dev/null
  local info=(env SNAPSHOTS_REDIS_URL="redis://127.0.0.1:$port/0" SNAPSHOTS_STORAGE_LOCAL_DIR="$WORK/rsnap"
              SNAPSHOTS_MAIN_URL="jdbc:sqlite:$WORK/unused.db")
  BEFORE_EACH="rm -rf '$WORK/rsnap'"
  jvm_cmd redis-create "$JAVA17" -jar "$JAR" create --database redis --prefix r
  cpu0=$(cpu_of "$server")
  measure redis-create "${info[@]}" "${CMD[@]}"
  cpu1=$(cpu_of "$server")
  local d_t=$T d_rss=$RSS d_heap d_user; d_heap=$(heap_of redis-create)
  d_user=$(awk '{ print $1 }' "$WORK/redis-create.cpu")
  unset BEFORE_EACH
  local object=$WORK/rsnap/r/redis.tar.zst
  measure redis-create-std redis-cli -p "$port" --rdb "$WORK/out.rdb"
  cpu2=$(cpu_of "$server")
  row "create, Redis $REDIS_KEYS keys" "$(mib "$object") (RDB $(mib "$WORK/out.rdb"))" "$d_t" "$T" "$d_rss" "$d_heap" \
    "\`redis-cli --rdb\` (fork + RDB stream). dbsnap: capture=replication (auto). CPU: dbsnap JVM ${d_user} s, Redis server $(awk -v a="$cpu0" -v b="$cpu1" -v n="$REPEAT" 'BEGIN { printf "%.1f", (b - a) / n }') s vs $(awk -v a="$cpu1" -v b="$cpu2" -v n="$REPEAT" 'BEGIN { printf "%.1f", (b - a) / n }') s for --rdb"
  # the key-by-key mode, for servers that refuse replication
  BEFORE_EACH="rm -rf '$WORK/rsnap-scan'"
  jvm_cmd redis-create-scan "$JAVA17" -jar "$JAR" create --database redis --prefix r
  measure redis-create-scan env SNAPSHOTS_REDIS_CAPTURE=scan SNAPSHOTS_STORAGE_LOCAL_DIR="$WORK/rsnap-scan" \
    SNAPSHOTS_REDIS_URL="redis://127.0.0.1:$port/0" SNAPSHOTS_MAIN_URL="jdbc:sqlite:$WORK/unused.db" "${CMD[@]}"
  unset BEFORE_EACH
  row "create, Redis $REDIS_KEYS keys, capture=scan" "$(mib "$WORK/rsnap-scan/r/redis.tar.zst")" "$T" "$d_t" "$RSS" \
    "$(heap_of redis-create-scan)" "the replication create above (ratio = scan / replication): SCAN + DUMP key by key, not point-in-time"
  jvm_cmd redis-restore "$JAVA17" -jar "$JAR" restore --database redis "file://$object"
  local cpu3 cpu4; cpu3=$(cpu_of "$server")
  measure redis-restore "${info[@]}" "${CMD[@]}"
  cpu4=$(cpu_of "$server")
  d_t=$T; d_rss=$RSS; d_heap=$(heap_of redis-restore)
  local restore_cpu; restore_cpu=$(awk -v a="$cpu3" -v b="$cpu4" -v n="$REPEAT" 'BEGIN { printf "%.1f", (b - a) / n }')
  [ "$(redis-cli -p "$port" dbsize)" = "$REDIS_KEYS" ] || die "restored Redis has $(redis-cli -p "$port" dbsize) keys"
  # the standard way to restore an RDB: a server started on it loads it before answering
  local port2; port2=$(free_port)
  mkdir -p "$WORK/redis2"
  cp "$WORK/out.rdb" "$WORK/redis2/dump.rdb"
  measure redis-restore-std bash -c "redis-server --bind 127.0.0.1 --port $port2 --dir '$WORK/redis2' \
      --dbfilename dump.rdb --save '' --appendonly no >'$WORK/redis2/redis.log' 2>&1 & pid=\$!; \
    until [ \"\$(redis-cli -p $port2 ping 2>/dev/null)\" = PONG ]; do sleep 0.01; done; \
    [ \"\$(redis-cli -p $port2 dbsize)\" = $REDIS_KEYS ] || exit 1; kill \$pid; wait \$pid"
  row "restore, Redis $REDIS_KEYS keys" "$(mib "$object")" "$d_t" "$T" "$d_rss" "$d_heap" \
    "\`redis-server --dbfilename\` start-up load (needs a restart; no live swap). Redis server CPU for dbsnap's 1 RESTORE per key into the staging database: ${restore_cpu} s"
  redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$WORK/redis" "$WORK/redis2" "$WORK/rsnap" "$WORK/rsnap-scan" "$WORK/out.rdb"
}

# --- S3: a 1 GiB object through the s3 provider vs aws s3 cp, S3Proxy (filesystem) in its own JVM ---
s3_rows() {
  local cp_file=$WORK/s3proxy.cp
  mvn -q -o -f bench/s3proxy/pom.xml dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null \
    || mvn -q -f bench/s3proxy/pom.xml dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null \
    || die "cannot resolve S3Proxy's class path"
  local port; port=$(free_port)
  mkdir -p "$WORK/s3/blobs"
  cat >"$WORK/s3/s3proxy.conf" <<EOF
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench-access-key
s3proxy.credential=bench-secret-key
jclouds.provider=filesystem
jclouds.filesystem.basedir=$WORK/s3/blobs
EOF
  "$JAVA17" -cp "$(cat "$cp_file")" org.gaul.s3proxy.Main --properties "$WORK/s3/s3proxy.conf" >"$WORK/s3/s3proxy.log" 2>&1 &
  PIDS+=($!)
  export AWS_ACCESS_KEY_ID=bench-access-key AWS_SECRET_ACCESS_KEY=bench-secret-key AWS_DEFAULT_REGION=us-east-1
  # S3Proxy refuses the CRC checksum headers newer AWS clients send by default (docs/s3.md, "Checksums")
  export AWS_REQUEST_CHECKSUM_CALCULATION=when_required AWS_RESPONSE_CHECKSUM_VALIDATION=when_required
  local aws=(aws --endpoint-url "http://127.0.0.1:$port")
  local i
  for i in $(seq 1 600); do
    "${aws[@]}" s3 mb s3://bench >/dev/null 2>&1 && break
    sleep 0.1
  done
  "${aws[@]}" s3 ls s3://bench >/dev/null || die "S3Proxy did not start (see $WORK/s3/s3proxy.log)"
  local data=$WORK/main.db
  [ -f "$data" ] || { data=$WORK/s3.bin; head -c "$(( SIZE_MB * 1048576 ))" /dev/urandom >"$data"; }
  warm "$data"
  jvm_cmd s3-put "$JAVA17" -cp "$BENCH_CP" io.github.dbsnap.bench.S3Upload "http://127.0.0.1:$port" bench dbsnap "$data"
  D_CMD=("${CMD[@]}")
  S_CMD=(bash -c "$(printf '%q ' "${aws[@]}") s3 cp --only-show-errors '$data' s3://bench/aws-\$RANDOM\$RANDOM")
  BEFORE_EACH="rm -rf '$WORK/s3/blobs/bench/'*"
  interleaved s3-put s3-put-std
  unset BEFORE_EACH
  row "upload to S3 (S3Proxy, filesystem)" "$(mib "$data")" "$DT" "$ST" "$DRSS" "$(heap_of s3-put)" \
    "\`aws s3 cp\` (8 MiB parts, 10 in flight); dbsnap: $(s3_settings), url-connection client. CPU s: dbsnap $DCPU, aws $SCPU"
  rm -rf "$WORK/s3" "$WORK/s3.bin"
}

s3_settings() { echo "${S3_PART_SIZE:-8MiB} parts, ${S3_PARALLEL_PARTS:-4} in flight"; }

# --- Azure: a 1 GiB blob through the azure provider vs the Node SDK (uploadStream), Azurite on disk -------
azure_rows() {
  local azurite=$ROOT/storage-azure/node_modules/.bin/azurite-blob
  [ -x "$azurite" ] || (cd storage-azure && npm ci --no-audit --no-fund >/dev/null) || die "cannot install Azurite"
  [ -d bench/azure/node_modules/@azure/storage-blob ] || (cd bench/azure && npm install --no-audit --no-fund >/dev/null) \
    || die "cannot install @azure/storage-blob"
  local port; port=$(free_port)
  mkdir -p "$WORK/azurite"
  "$azurite" --location "$WORK/azurite" --blobHost 127.0.0.1 --blobPort "$port" --skipApiVersionCheck --loose --silent \
    >"$WORK/azurite.log" 2>&1 &
  PIDS+=($!)
  export AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$port/devstoreaccount1;"
  local i
  for i in $(seq 1 300); do
    node bench/azure/upload.js bench >/dev/null 2>&1 && break
    sleep 0.2
  done
  node bench/azure/upload.js bench || die "Azurite did not start (see $WORK/azurite.log)"
  local data=$WORK/main.db
  [ -f "$data" ] || { data=$WORK/azure.bin; head -c "$(( SIZE_MB * 1048576 ))" /dev/urandom >"$data"; }
  warm "$data"
  jvm_cmd azure-put "$JAVA17" -cp "$BENCH_CP" io.github.dbsnap.bench.AzureUpload bench dbsnap "$data"
  D_CMD=("${CMD[@]}")
  S_CMD=(node bench/azure/upload.js bench node "$data")
  interleaved azure-put azure-put-std
  row "upload to Azure (Azurite, on disk)" "$(mib "$data")" "$DT" "$ST" "$DRSS" "$(heap_of azure-put)" \
    "Node \`@azure/storage-blob\` uploadStream (8 MiB blocks, 5 in flight); dbsnap: ${AZURE_BLOCK_SIZE:-8MiB} blocks, ${AZURE_PARALLEL_BLOCKS:-4} in flight. CPU s: dbsnap $DCPU, Node $SCPU"
  rm -f "$WORK/azure.bin" # Azurite keeps running until the end; cleanup removes its directory
}

# --- PostgreSQL: jdbc source vs pg_dump/pg_restore -------------------------------------------------
pg_rows() {
  local driver
  driver=$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar 2>/dev/null | grep -v sources | sort -V | tail -1)
  [ -n "$driver" ] || die "no PostgreSQL JDBC driver in ~/.m2 (run: mvn -B -q -pl jdbc -am test-compile)"
  local db
  for db in $PG_DB ${PG_DB}_restore ${PG_DB}_std; do
    psql "${PG[@]}" -qAtc "DROP DATABASE IF EXISTS $db" postgres >/dev/null
    psql "${PG[@]}" -qAtc "CREATE DATABASE $db" postgres >/dev/null
  done
  log "generating $PG_ROWS PostgreSQL rows"
  psql "${PG[@]}" -q -v ON_ERROR_STOP=1 $PG_DB <<SQL
CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamptz NOT NULL, user_id integer NOT NULL,
                     kind text NOT NULL, token text NOT NULL, payload text, score double precision);
INSERT INTO events
SELECT i, timestamptz '2024-01-01' + i * interval '3 seconds', i % 500000,
       (ARRAY['login','view','click','purchase'])[1 + i % 4], md5(i::text),
       substr('GET /api/v1/items?page=1&sort=desc&filter=active HTTP/1.1 Mozilla/5.0 (X11; Linux x86_64) '
              || 'AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36', 1 + i % 40, 60 + i % 40),
       (i % 1000) / 7.0
FROM generate_series(1, $PG_ROWS) AS i;
VACUUM ANALYZE events;
SQL
  pg_dump "${PG[@]}" -s $PG_DB | psql "${PG[@]}" -q ${PG_DB}_restore >/dev/null
  local size; size=$(psql "${PG[@]}" -qAtc "SELECT pg_size_pretty(pg_total_relation_size('events'))" $PG_DB)
  local env_pg=(env SNAPSHOTS_MAIN_SOURCE=jdbc SNAPSHOTS_MAIN_USER=postgres SNAPSHOTS_STORAGE_LOCAL_DIR="$WORK/psnap"
                SNAPSHOTS_MAIN_TEMP_DIR="$WORK")
  BEFORE_EACH="rm -rf '$WORK/psnap'"
  jvm_cmd pg-create "$JAVA17" -cp "$JAR:$driver" io.github.dbsnap.examples.DbsnapCli create --prefix p
  measure pg-create "${env_pg[@]}" SNAPSHOTS_MAIN_URL="jdbc:postgresql://127.0.0.1:5432/$PG_DB" "${CMD[@]}"
  local d_t=$T d_rss=$RSS d_heap; d_heap=$(heap_of pg-create)
  unset BEFORE_EACH
  local object=$WORK/psnap/p/main.tar.zst
  measure pg-create-std bash -c "pg_dump -h 127.0.0.1 -U postgres -Fc -Z0 $PG_DB | zstd -3 -q > '$WORK/pg.dump.zst'"
  row "create, PostgreSQL table-level (\`jdbc\`)" "$size, $PG_ROWS rows → $(mib "$object")" "$d_t" "$T" "$d_rss" "$d_heap" \
    "\`pg_dump -Fc -Z0 | zstd -3\` ($(mib "$WORK/pg.dump.zst"))"
  pg_dump "${PG[@]}" -s $PG_DB >"$WORK/pg-schema.sql"
  BEFORE_EACH="psql -h 127.0.0.1 -U postgres -qAtc 'DROP TABLE IF EXISTS events' ${PG_DB}_restore; psql -h 127.0.0.1 -U postgres -q ${PG_DB}_restore < '$WORK/pg-schema.sql' >/dev/null"
  jvm_cmd pg-restore "$JAVA17" -cp "$JAR:$driver" io.github.dbsnap.examples.DbsnapCli restore "file://$object"
  measure pg-restore "${env_pg[@]}" SNAPSHOTS_MAIN_URL="jdbc:postgresql://127.0.0.1:5432/${PG_DB}_restore${BENCH_PG_URL_PARAMS:-}" "${CMD[@]}"
  d_t=$T; d_rss=$RSS; d_heap=$(heap_of pg-restore)
  unset BEFORE_EACH
  [ "$(psql "${PG[@]}" -qAtc 'SELECT count(*) FROM events' ${PG_DB}_restore)" = "$PG_ROWS" ] || die "PostgreSQL restore incomplete"
  BEFORE_EACH="psql -h 127.0.0.1 -U postgres -qAtc 'DROP DATABASE IF EXISTS ${PG_DB}_std' postgres; psql -h 127.0.0.1 -U postgres -qAtc 'CREATE DATABASE ${PG_DB}_std' postgres"
  measure pg-restore-std bash -c "zstd -d -q < '$WORK/pg.dump.zst' | pg_restore -h 127.0.0.1 -U postgres -d ${PG_DB}_std"
  unset BEFORE_EACH
  row "restore, PostgreSQL table-level (\`jdbc\`)" "$(mib "$object") → $PG_ROWS rows" "$d_t" "$T" "$d_rss" "$d_heap" \
    "\`zstd -d | pg_restore\` into a new database (COPY, index built after); dbsnap: into the empty table, one transaction, COPY"
  rm -rf "$WORK/psnap" "$WORK/pg.dump.zst"
}

# --- MariaDB: jdbc source vs mariadb-dump / mariadb ------------------------------------------------
maria_rows() {
  local driver
  driver=$(ls ~/.m2/repository/org/mariadb/jdbc/mariadb-java-client/*/mariadb-java-client-*.jar 2>/dev/null | grep -v sources | sort -V | tail -1)
  [ -n "$driver" ] || die "no MariaDB JDBC driver in ~/.m2 (run: mvn -B -q -pl jdbc -am test-compile)"
  local db
  for db in $MY_DB ${MY_DB}_restore ${MY_DB}_std; do
    mariadb "${MY[@]}" -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db CHARACTER SET utf8mb4"
  done
  log "generating $MARIA_ROWS MariaDB rows"
  mariadb "${MY[@]}" $MY_DB <<SQL
SET time_zone = '+00:00';
CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamp(6) NOT NULL, user_id int NOT NULL,
                     kind text NOT NULL, token text NOT NULL, payload text, score double) ENGINE=InnoDB;
INSERT INTO events
SELECT seq, timestamp('2024-01-01') + interval seq * 3 second, seq % 500000,
       elt(1 + seq % 4, 'login', 'view', 'click', 'purchase'), md5(seq),
       substr(concat('GET /api/v1/items?page=1&sort=desc&filter=active HTTP/1.1 Mozilla/5.0 (X11; Linux x86_64) ',
              'AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36'), 1 + seq % 40, 60 + seq % 40),
       (seq % 1000) / 7.0
FROM seq_1_to_$MARIA_ROWS;
ANALYZE TABLE events;
SQL
  mariadb-dump "${MY[@]}" --no-data $MY_DB >"$WORK/maria-schema.sql"
  local size; size=$(mariadb "${MY[@]}" -N -e "SELECT concat(round((data_length + index_length) / 1048576), ' MiB') FROM information_schema.TABLES WHERE table_schema = '$MY_DB' AND table_name = 'events'")
  local env_my=(env SNAPSHOTS_MAIN_USER=root SNAPSHOTS_STORAGE_LOCAL_DIR="$WORK/msnap" SNAPSHOTS_MAIN_TEMP_DIR="$WORK")
  BEFORE_EACH="rm -rf '$WORK/msnap'"
  jvm_cmd maria-create "$JAVA17" -cp "$JAR:$driver" io.github.dbsnap.examples.DbsnapCli create --prefix m
  measure maria-create "${env_my[@]}" SNAPSHOTS_MAIN_URL="jdbc:mariadb://127.0.0.1:3306/$MY_DB" "${CMD[@]}"
  local d_t=$T d_rss=$RSS d_heap; d_heap=$(heap_of maria-create)
  unset BEFORE_EACH
  local object=$WORK/msnap/m/main.tar.zst
  measure maria-create-std bash -c "mariadb-dump -h 127.0.0.1 -P 3306 -u root --single-transaction $MY_DB | zstd -3 -q > '$WORK/maria.sql.zst'"
  row "create, MariaDB table-level (\`jdbc\`)" "$size, $MARIA_ROWS rows → $(mib "$object")" "$d_t" "$T" "$d_rss" "$d_heap" \
    "\`mariadb-dump --single-transaction | zstd -3\` ($(mib "$WORK/maria.sql.zst"))"
  BEFORE_EACH="mariadb -h 127.0.0.1 -P 3306 -u root -e 'DROP TABLE IF EXISTS events' ${MY_DB}_restore; mariadb -h 127.0.0.1 -P 3306 -u root ${MY_DB}_restore < '$WORK/maria-schema.sql'"
  jvm_cmd maria-restore "$JAVA17" -cp "$JAR:$driver" io.github.dbsnap.examples.DbsnapCli restore "file://$object"
  measure maria-restore "${env_my[@]}" SNAPSHOTS_MAIN_URL="jdbc:mariadb://127.0.0.1:3306/${MY_DB}_restore" "${CMD[@]}"
  d_t=$T; d_rss=$RSS; d_heap=$(heap_of maria-restore)
  [ "$(mariadb "${MY[@]}" -N -e 'SELECT count(*) FROM events' ${MY_DB}_restore)" = "$MARIA_ROWS" ] || die "MariaDB restore incomplete"
  BEFORE_EACH="mariadb -h 127.0.0.1 -P 3306 -u root -e 'DROP DATABASE IF EXISTS ${MY_DB}_std; CREATE DATABASE ${MY_DB}_std CHARACTER SET utf8mb4'"
  measure maria-restore-std bash -c "zstd -d -q < '$WORK/maria.sql.zst' | mariadb -h 127.0.0.1 -P 3306 -u root ${MY_DB}_std"
  unset BEFORE_EACH
  row "restore, MariaDB table-level (\`jdbc\`)" "$(mib "$object") → $MARIA_ROWS rows" "$d_t" "$T" "$d_rss" "$d_heap" \
    "\`zstd -d | mariadb\` (extended INSERTs, autocommit); dbsnap: into the empty table, one transaction, LOAD DATA LOCAL"
  rm -rf "$WORK/msnap" "$WORK/maria.sql.zst"
}

started=$(date +%s)
for group in $GROUPS_TO_RUN; do
  case $group in
    sqlite) sqlite_rows ;;
    age) age_rows ;;
    redis) redis_rows ;;
    s3) s3_rows ;;
    azure) azure_rows ;;
    pg) pg_rows ;;
    maria) maria_rows ;;
    *) die "unknown group '$group' in BENCH_ROWS" ;;
  esac
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
took=$(( $(date +%s) - started ))

{
  echo "# dbsnap benchmark results"
  echo
  echo "Generated by \`bench/run.sh\` on $(date -u +%Y-%m-%dT%H:%MZ) in $(( took / 60 )) min $(( took % 60 )) s."
  echo
  echo "- machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM," \
       "$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(uname -r)"
  echo "- load average (1, 5, 15 min): $LOAD_BEFORE at the start, $LOAD_AFTER at the end"
  echo "- JDKs: $(java_version "$JAVA17") (dbsnap CLI and all rows unless stated), $(java_version "$JAVA25" 2>/dev/null || echo none)"
  echo "- tools: sqlite3 $(sqlite3 --version | cut -d' ' -f1), zstd $(zstd -V | grep -o 'v[0-9.]*'), age $(age --version)," \
       "redis $(redis-server --version | grep -o 'v=[0-9.]*' | cut -c3-), $(pg_dump --version | cut -d' ' -f2-), $(aws --version 2>&1 | cut -d' ' -f1)," \
       "MariaDB $(mariadb --version | grep -o 'Distrib [0-9.a-zA-Z-]*' | cut -d' ' -f2)"
  echo "- dbsnap JVMs: -Xmx$JAVA_HEAP${BENCH_JVM_OPTS:+ $BENCH_JVM_OPTS}; zstd level 3; best of $REPEAT run(s) per cell"
  echo
  echo "| what | data | dbsnap (s) | standard tools (s) | ratio | dbsnap peak RSS (MiB) | dbsnap heap peak / live after GC (MiB) | standard side |"
  echo "|---|---|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${RESULTS_ROWS[@]}"
  if [ ${#STAGES[@]} -gt 0 ]; then
    echo
    echo "## Where the time goes (dbsnap's DEBUG timing lines, last run of each row)"
    echo
    echo "Create: the backup API's consistent copy, then tar → zstd → age on one producer thread (zstd and"
    echo "age with worker threads of their own) while the storage write consumes the pipe on another; quick_check"
    echo "of the copy runs beside the archiving. Restore: download → age → zstd on a read-ahead thread, tar and the"
    echo "entry's SHA-256 while the staged file is written, then integrity_check and the fingerprint in parallel,"
    echo "then the swap (backup API) and its read-back."
    echo
    printf '%s\n' "${STAGES[@]}"
  fi
} >"$OUT"
log "wrote $OUT"
cat "$OUT"
