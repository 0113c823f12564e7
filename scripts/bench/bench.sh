#!/usr/bin/env bash
# emrflow's start-up and local-job benchmark. Prints one table of medians; asserts nothing.
#
#   scripts/bench/bench.sh [--runs N] [--job-runs N] [--only SECTIONS] [--keep]
#
# It assembles a throw-away project from this repository (templates, the salary job, scripts, the wrapper,
# the 3,755-row dataset) in a temp folder, generates a 1,000,000-row CSV there, warms every script
# once (JBang builds) and then times each command N times. Each line shows the command, run from
# that folder, that reproduces it (--keep leaves the folder in place).
#   --runs N       runs per start-up figure (default 5)
#   --job-runs N   runs per Spark job figure (default 3: they take seconds each)
#   --only LIST    comma-separated sections (default: floor,help,results,jobs,big,cds,cold,aws);
#                  "c1" (not in the default) repeats start-up and job lines with
#                  JDK_JAVA_OPTIONS=-XX:TieredStopAtLevel=1; "aws" also times issue 13's AWS-path
#                  commands with and without the launch cache's class archive, run alternately
# Times are wall-clock medians; "cpu" is the median user+sys time of the command and its children,
# steadier than wall time on a shared machine.
set -euo pipefail

runs=5 job_runs=3 only=floor,help,results,jobs,big,cds,cold,aws keep=''
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --job-runs) job_runs=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --keep) keep=yes; shift ;;
    -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
wanted() { case ",$only," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/emrflow-bench.XXXXXX")
if [ -z "$keep" ]; then trap 'rm -rf "$work"' EXIT; fi
started=$SECONDS

# A project laid out as the archetype generates it.
cp -r "$repo/templates" "$repo"/scripts/*.java "$repo/jbang" "$work/"
rm -rf "$work/templates/jobs" && cp -r "$repo/templates/jobs/salary-by-title" "$work/job"
cp "$repo/scripts/bench/string_variant.java" "$work/"
mkdir -p "$work/data" "$work/.jbang"
cp "$repo/archetype/src/main/project/data/ds_salaries.csv" "$work/data/"
printf 'bucket=my-bucket-123\nname.prefix=demo\n' >"$work/emrflow.properties"
jbang_jar=$(sed -n 's/^JBANG_VERSION=//p' "$repo/jbang")
jbang_jar="jbang-cli-$jbang_jar-all.jar"
if [ -f "$repo/.jbang/$jbang_jar" ]; then cp "$repo/.jbang/$jbang_jar" "$work/.jbang/"; fi
# runlocal.java (the local job run.java --local starts) with JBang's //CDS directive (AppCDS: the
# first run records an archive of the classes it loads, later runs map it), otherwise the same script.
mkdir -p "$work/cds"
sed -e 's#^//JAVA 17+$#//JAVA 17+\n//CDS#' "$repo/scripts/runlocal.java" >"$work/cds/runlocal.java"
cd "$work"

export JBANG_NO_VERSION_CHECK=true
unset EMRFLOW_JBANG_DEBUG

# measure N COMMAND: runs COMMAND (sh -c, from $work, output discarded) N times; sets $wall and
# $cpu to the medians in seconds, or "FAILED" if any run did not exit 0.
measure() {
  local n=$1 cmd=$2 walls=() cpus=() t real user sys
  for ((i = 0; i < n; i++)); do
    t=$({ TIMEFORMAT='%R %U %S'; time sh -c "$cmd" >/dev/null 2>&1; } 2>&1) || { wall=FAILED cpu=FAILED; return; }
    read -r real user sys <<<"$t"
    walls+=("$real")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')")
  done
  wall=$(median "${walls[@]}") cpu=$(median "${cpus[@]}")
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f", m }'; }

# row LABEL N COMMAND [TARGET_SECONDS]: measures and prints one table line.
row() {
  local label=$1 n=$2 cmd=$3 target=${4:-} verdict=''
  measure "$n" "$cmd"
  if [ -n "$target" ] && [ "$wall" != FAILED ]; then
    verdict=$(awk -v w="$wall" -v t="$target" 'BEGIN { printf "%.2fx of %.1f s %s", w / t, t, (w <= t ? "met" : "MISSED") }')
  fi
  printf '%-46s %3s %8s %8s  %-22s %s\n' "$label" "$n" "$wall" "$cpu" "$verdict" "$cmd"
  last_wall=$wall
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-" }'; }

# measure_pair N COMMAND_A COMMAND_B: as measure, but runs A and B alternately, so both see the same
# load; sets $wall_a $cpu_a $wall_b $cpu_b.
measure_pair() {
  local n=$1 a=$2 b=$3 wa=() ca=() wb=() cb=()
  for ((p = 0; p < n; p++)); do
    measure 1 "$a"; wa+=("$wall"); ca+=("$cpu")
    measure 1 "$b"; wb+=("$wall"); cb+=("$cpu")
  done
  if printf '%s\n' "${wa[@]}" "${wb[@]}" | grep -q FAILED; then
    wall_a=FAILED cpu_a=FAILED wall_b=FAILED cpu_b=FAILED
    return
  fi
  wall_a=$(median "${wa[@]}") cpu_a=$(median "${ca[@]}") wall_b=$(median "${wb[@]}") cpu_b=$(median "${cb[@]}")
}

# Issue 13's AWS-path figures, warm, through ./jbang, against the emulator ($AWS_ENDPOINT_URL): each
# command without the launch cache's class archive (EMRFLOW_JBANG_CDS=off) and with it, run
# alternately, beside the JVM floor measured around each line and the figure issue 13 started
# from ("issue": a quieter machine of this kind, JVM floor 0.11 s there).
aws_figures() {
  local floors=() label cmd target before verdict i
  echo
  echo "   load average $(cut -d' ' -f1-3 /proc/loadavg) at the start of this section"
  printf '%-34s %3s %9s %9s %8s %8s  %-22s %s\n' "AWS path (issue 13)" runs "no arch." "archive" "cpu" "issue" target command
  # Every command once with a cache hit first: the first hit records its archive.
  ./jbang deploy.java >/dev/null 2>&1 || true
  ./jbang results.java --format csv >/dev/null 2>&1 || true
  ./jbang deploy.java --help >/dev/null 2>&1 || true
  # run.java --no-wait returns once the execution has started, but each execution then runs the
  # Spark job inside the emulator for seconds, which would load the machine for the next figures.
  # So it is timed against a second instance of the same emulator whose job runner does nothing.
  local python=${EMRFLOW_PYTHON:-python3} quiet_log=emulator-nojob.log quiet_pid quiet_endpoint
  "$python" emulator/emrflow_emulator.py --port 0 --job-runner true >"$quiet_log" 2>&1 &
  quiet_pid=$!
  for ((i = 0; i < 360; i++)); do grep -qs 'ready at' "$quiet_log" && break; sleep 0.5; done
  quiet_endpoint=$(sed -n 's/.*ready at \(http:[^ ]*\).*/\1/p' "$quiet_log" | head -n 1)
  local nowait="AWS_ENDPOINT_URL=$quiet_endpoint ./jbang run.java --no-wait"
  if [ -n "$quiet_endpoint" ]; then
    AWS_ENDPOINT_URL=$quiet_endpoint ./jbang deploy.java >deploy-nojob.log 2>&1 || true
    sh -c "$nowait" >/dev/null 2>&1 || true # the first hit records the archive
  fi
  while IFS='|' read -r label cmd target before; do
    case $cmd in *--no-wait*) [ -n "$quiet_endpoint" ] || { echo "   $label: the second emulator did not start"; continue; } ;; esac
    measure 1 "java -version"; floors+=("$wall")
    measure_pair "$runs" "EMRFLOW_JBANG_CDS=off $cmd" "$cmd"
    measure 1 "java -version"; floors+=("$wall")
    verdict=''
    if [ "$wall_b" != FAILED ]; then
      verdict=$(awk -v w="$wall_b" -v t="$target" 'BEGIN { printf "%.2fx of %.2f s %s", w / t, t, (w <= t ? "met" : "MISSED") }')
    fi
    printf '%-34s %3s %9s %9s %8s %8s  %-22s %s\n' "7  $label" "$runs" "$wall_a" "$wall_b" "$cpu_b" "$before" "$verdict" "$cmd"
  done <<EOF
run.java --no-wait|$nowait|0.8|2.81
deploy.java, nothing to change|./jbang deploy.java|1.0|2.29
results.java from S3|./jbang results.java --format csv|0.8|1.83
run.java --help|./jbang run.java --help|0.35|0.70
results.java --help|./jbang results.java --help|0.35|0.39
deploy.java --help|./jbang deploy.java --help|0.35|-
EOF
  printf '%-34s %3s %9s   (java -version before and after each line above)\n' "7  JVM floor, this section" "${#floors[@]}" "$(median "${floors[@]}")"
  echo "   load average $(cut -d' ' -f1-3 /proc/loadavg) at the end of the figures"
  echo
  echo "   where the time goes (one run each, archive mapped, -Xlog:class+load with the JVM's uptime):"
  breakdown run.java "$nowait" run
  breakdown deploy.java "./jbang deploy.java" deploy
  breakdown results.java "./jbang results.java --format csv" results
  breakdown "run.java --help" "./jbang run.java --help" run
  kill -TERM "$quiet_pid" 2>/dev/null || true
  wait "$quiet_pid" 2>/dev/null || true
}

# breakdown LABEL COMMAND MAIN_CLASS: runs COMMAND once with every class load logged (uptime in
# seconds) and prints where its time went: the JVM up to the script's main class, up to the first
# AWS SDK class, up to the last class loaded, the wall time; and how many classes came from the
# class archives (the JDK's and the launch cache's) and how many from jars.
breakdown() {
  local log=classload.log t0 t1
  rm -f "$log"
  t0=$(date +%s.%N)
  JDK_JAVA_OPTIONS="-Xlog:class+load=info:file=$log:uptime" sh -c "$2" >/dev/null 2>&1 || true
  t1=$(date +%s.%N)
  awk -v main="$3" -v wall="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')" -v label="$1" '
    { t = substr($1, 2, length($1) - 3) + 0; n++; last = t
      if ($0 ~ /shared objects file/) shared++
      if (!m && $2 == main) m = t
      if (!sdk && $2 ~ /^software\.amazon\.awssdk\./) sdk = t }
    END { printf "   %-16s classes %5d (%5d archived, %5d from jars); main class at %.2f s, first SDK class at %s, last class at %.2f s; wall %s s (incl. the wrapper)\n",
            label, n, shared, n - shared, m, (sdk ? sprintf("%.2f s", sdk) : "-"), last, wall }' "$log"
}

echo "emrflow bench: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "java: $(java -version 2>&1 | head -n 1); project: $work (commands below run from there)"

# Every script built once (JBang resolves and compiles) and its launch cached: what follows is warm.
{
  ./jbang run.java --help
  ./jbang results.java --help
  ./jbang string_variant.java --input /nonexistent || true # builds; the run fails fast
  # The first cache hit records the launch cache's class archive: not in a timed run.
  ./jbang string_variant.java --input /nonexistent || true
  ./jbang run.java --local # a run for results.java --local to print
  if wanted big || wanted c1; then
    java "$repo/scripts/bench/generate_rows.java" data/ds_salaries.csv big.csv 1000000 42
  fi
} >warm-up.log 2>&1 || { cat warm-up.log >&2; echo "bench: warm-up failed" >&2; exit 1; }

echo
printf '%-46s %3s %8s %8s  %-22s %s\n' figure runs "wall s" "cpu s" target command
printf '%s\n' "$(printf '%.0s-' {1..130})"

if wanted floor; then
  row "1  JVM floor" "$runs" "java -version"
fi
if wanted help; then
  for script in run.java results.java; do
    row "2  $script --help, JBang each run (before)" "$runs" "./jbang run $script --help"
    before=$last_wall
    row "2  $script --help, launch cache (after)" "$runs" "./jbang $script --help" 0.5
    echo "   -> the launch cache takes $script --help from $before s to $last_wall s ($(ratio "$before" "$last_wall")x faster)"
  done
fi
if wanted results; then
  row "3  results.java --local, JBang each run" "$runs" "./jbang run results.java --local"
  row "3  results.java --local (93-row table)" "$runs" "./jbang results.java --local" 1
fi
job_pair() { # job_pair SIZE INPUT_OPTION
  row "4  run.java --local, $1 rows, typed" "$job_runs" "./jbang run.java --local $2"
  typed=$last_wall
  row "4  same job, salaries read as strings" "$job_runs" "./jbang string_variant.java $2"
  echo "   -> typed/string wall-time ratio on $1 rows: $(ratio "$typed" "$last_wall")"
}
if wanted jobs; then
  job_pair 3,755 ""
  ./jbang string_variant.java --diff 2>/dev/null | sed -n 's/^\(salary.*differ.*\)/   -> \1/p'
fi
if wanted big; then
  job_pair 1,000,000 "--input big.csv"
fi
if wanted cds; then
  measure 1 "./jbang cds/runlocal.java"
  echo "   cds/runlocal.java (runlocal.java plus //CDS) records its archive on its first run: $wall s wall, $cpu s cpu"
  ./jbang cds/runlocal.java --help >/dev/null 2>&1 # JBang's first line using the archive: cached from here on
  row "4  runlocal.java, 3,755 rows, with //CDS" "$job_runs" "./jbang cds/runlocal.java"
  row "4  runlocal.java, 3,755 rows (no //CDS)" "$job_runs" "./jbang runlocal.java"
fi
if wanted cold; then
  row "5  run.java --help, empty launch cache" "$runs" "rm -rf .jbang/launch-cache && ./jbang run.java --help"
  row "5  run.java --help, nothing built yet" "$job_runs" \
    "rm -rf .jbang/launch-cache cold && mkdir cold && JBANG_CACHE_DIR=\$PWD/cold ./jbang run.java --help"
fi
if wanted c1; then
  c1="JDK_JAVA_OPTIONS=-XX:TieredStopAtLevel=1"
  row "2  results.java --help, C1 only" "$runs" "$c1 ./jbang results.java --help"
  row "2  run.java --help, C1 only" "$runs" "$c1 ./jbang run.java --help"
  row "3  results.java --local, C1 only" "$runs" "$c1 ./jbang results.java --local"
  row "4  run.java --local, 3,755 rows, C1 only" "$job_runs" "$c1 ./jbang run.java --local"
  row "4  run.java --local, 1,000,000 rows, C1 only" "$job_runs" "$c1 ./jbang run.java --local --input big.csv"
fi
echo
if wanted aws; then
  # The AWS path against the offline emulator (emulator.java: moto + emrflow's extension, job runs
  # on embedded Spark). run.java's figure is the time from the execution's final state (its stopDate)
  # to the process exit: what polling and reporting add after the work is done.
  cp -r "$repo/scripts/emulator" emulator
  ./jbang emulator.java --port 0 >emulator.log 2>&1 &
  emulator_pid=$!
  # Up to 3 minutes: moto's start alone takes a minute on a loaded 2-core machine.
  for ((i = 0; i < 360; i++)); do grep -qs '^emulator ready at' emulator.log && break; sleep 0.5; done
  endpoint=$(sed -n 's/^emulator ready at \(http:[^ ]*\).*/\1/p' emulator.log)
  if [ -z "$endpoint" ]; then
    echo "   aws: the emulator did not start (see $work/emulator.log)"
  else
    export AWS_ENDPOINT_URL=$endpoint AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
    ./jbang deploy.java >deploy.log 2>&1
    gaps=()
    for ((i = 0; i < job_runs; i++)); do
      ./jbang run.java --top 1 >run-aws.log 2>&1 || true
      ended=$(date +%s.%N)
      arn=$(grep -o 'arn:aws:states:[^ ]*:execution:[^ ]*' run-aws.log | head -n 1)
      gaps+=("$(python3 -c "import boto3; c = boto3.client('stepfunctions', endpoint_url='$endpoint', region_name='us-east-1'); print('%.3f' % ($ended - c.describe_execution(executionArn='$arn')['stopDate'].timestamp()))")")
    done
    gap=$(median "${gaps[@]}")
    printf '%-46s %3s %8s %8s  %-22s %s\n' "6  run.java: final state -> exit" "$job_runs" "$gap" "-" \
      "$(awk -v w="$gap" 'BEGIN { printf "%.2fx of 0.5 s %s", w / 0.5, (w <= 0.5 ? "met" : "MISSED") }')" "./jbang run.java (emulator)"
    row "6  results.java from S3 (emulator)" "$runs" "./jbang results.java" 1.5
    aws_figures
    unset AWS_ENDPOINT_URL AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
  fi
  kill -TERM "$emulator_pid" 2>/dev/null || true
  wait "$emulator_pid" 2>/dev/null || true
fi
echo "medians of one bench run; $((SECONDS - started)) s in all; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
