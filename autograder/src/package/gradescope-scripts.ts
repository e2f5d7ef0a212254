/**
 * The two scripts at the root of a Gradescope autograder zip. Gradescope unpacks the zip
 * into /autograder/source, runs setup.sh there once, as root, while it builds the image,
 * and copies run_autograder to /autograder/run_autograder, which it runs for each
 * submission; that must leave /autograder/results/results.json behind, whatever happens.
 */
import { CARRIED_NODE_DIR } from "./node-runtime.js";

/**
 * Makes `source/bin/node` a Node ≥ 20: the carried one (Linux x86-64), or, where it does
 * not run (another architecture, a C library older than Node 20's), Node 20 from
 * NodeSource's apt repository, with npm then installing esbuild's binary for this machine.
 */
export function setupScript(): string {
  return `#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder's image. It makes
# bin/node (beside this script) a Node.js 20 or newer for run_autograder.
set -euo pipefail
here="$(cd "$(dirname "\${BASH_SOURCE[0]}")" && pwd)"
carried="$here/${CARRIED_NODE_DIR}/bin/node"
major() { "$1" -e 'process.stdout.write(process.versions.node.split(".")[0])' 2>/dev/null || echo 0; }

from_nodesource() {
  echo "setup.sh: installing Node.js 20 from NodeSource's apt repository"
  apt-get update -y
  apt-get install -y ca-certificates curl gnupg
  mkdir -p /usr/share/keyrings
  curl -fsSL https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key | gpg --dearmor --yes -o /usr/share/keyrings/nodesource.gpg
  echo "deb [signed-by=/usr/share/keyrings/nodesource.gpg] https://deb.nodesource.com/node_20.x nodistro main" > /etc/apt/sources.list.d/nodesource.list
  printf 'Package: nodejs\\nPin: origin deb.nodesource.com\\nPin-Priority: 600\\n' > /etc/apt/preferences.d/nodejs
  apt-get update -y
  apt-get install -y nodejs
  # node_modules holds esbuild's binary for Linux x86-64; this machine needs its own.
  (cd "$here" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund)
}

# An unzip that drops Unix modes leaves the carried binaries unable to run.
chmod +x "$carried"
find "$here/node_modules" -path '*/@esbuild/*/bin/esbuild' -exec chmod +x {} +

if [ "$(major "$carried")" -ge 20 ]; then
  node="$carried"
else
  echo "setup.sh: the Node.js this autograder carries (Linux x86-64) does not run on this $(uname -m) image:"
  "$carried" --version 2>&1 | head -n 3 || true
  from_nodesource
  node="$(command -v node)"
  if [ "$(major "$node")" -lt 20 ]; then
    echo "setup.sh: no Node.js 20 or newer could be installed; choose Gradescope's Ubuntu 22.04 base image (x86-64)" >&2
    exit 1
  fi
fi
mkdir -p "$here/bin"
ln -sfn "$node" "$here/bin/node"
echo "setup.sh: run_autograder will use Node.js $("$here/bin/node" --version) ($node)"
`;
}

/**
 * Bash functions that find the container's memory limit (cgroup v2's memory.max, then
 * v1's memory.limit_in_bytes; KIT_CGROUP_DIR replaces /sys/fs/cgroup) and derive the
 * limit of the process running the student's code from it: the grader's 2048 MiB, or, in
 * a smaller container (Gradescope's default is 768 MB), 80 % of what is left after 256 MiB
 * for the grader itself. The grader checks that process's size every 50 ms, so the 20 %
 * absorbs what it allocates between two checks; the container is never the one to kill.
 */
export const MEMORY_FUNCTIONS = `container_memory_bytes() {
  local cg="\${KIT_CGROUP_DIR:-/sys/fs/cgroup}" v2="" v1="" line f v=""
  # This process's cgroup: "0::PATH" (v2), "N:memory:PATH" (v1).
  if [ -r /proc/self/cgroup ]; then
    while IFS= read -r line; do
      case "$line" in 0::*) v2="\${line#0::}" ;; *:memory:*) v1="\${line#*:memory:}" ;; esac
    done < /proc/self/cgroup
  fi
  for f in "$cg$v2/memory.max" "$cg/memory.max" "$cg/memory$v1/memory.limit_in_bytes" "$cg/memory/memory.limit_in_bytes"; do
    if [ -r "$f" ]; then v="$(< "$f")"; break; fi
  done
  # "max" (v2) or a number near 2^63 (v1) mean no limit.
  if [[ "$v" =~ ^[0-9]+$ ]] && [ "\${#v}" -le 15 ]; then echo "$v"; fi
}
code_memory_mib() {
  local bytes mib
  bytes="$(container_memory_bytes)"
  if [ -z "$bytes" ]; then echo 2048; return; fi
  mib=$(( (bytes / 1048576 - 256) * 4 / 5 ))
  if [ "$mib" -gt 2048 ]; then mib=2048; fi
  if [ "$mib" -lt 128 ]; then mib=128; fi
  echo "$mib"
}`;

/** Grades one submission; `budgetS` is the grader's `--budget`, below the assignment's timeout. */
export function runAutograderScript(hw: string, budgetS: number): string {
  return `#!/usr/bin/env bash
# Gradescope runs this for each submission. The student's files are in submission/: one
# .tar of any name (\`npm run submit ${hw}\` writes handin.tar; an upload may arrive as
# "handin (1).tar"), or a ${hw}/ folder, or the loose files of ${hw}/. AUTOGRADER_ROOT
# replaces /autograder, to try this somewhere else.
set -uo pipefail
root="\${AUTOGRADER_ROOT:-/autograder}"
src="$root/source"
sub="$root/submission"
results="$root/results/results.json"
mkdir -p "$root/results"
rm -f "$results"

json_text() {
  local s="$1" q='"' b='\\'
  s="\${s//"$b"/"$b$b"}"
  s="\${s//"$q"/"$b$q"}"
  printf '%s' "\${s//[[:cntrl:]]/ }"
}
# A valid results.json when the grader cannot start: score 0, and the reason for the student.
fail() {
  local why
  why="$(json_text "$1")"
  {
    printf '{"score": 0, "stdout_visibility": "hidden",\\n'
    printf ' "output": "The autograder could not grade this submission; ask the course staff.",\\n'
    printf ' "tests": [{"name": "Autograder failed", "score": 0, "max_score": 0, "status": "failed", "visibility": "visible",\\n'
    printf '   "output": "%s"}]}\\n' "$why"
  } > "$results"
  echo "run_autograder: $1"
  exit 0
}

${MEMORY_FUNCTIONS}

node="$src/bin/node"
[ -x "$node" ] || fail "Node.js is not installed: setup.sh did not finish when the autograder was built"

shopt -s nullglob nocaseglob
tars=("$sub"/*.tar)
shopt -u nocaseglob
if [ "\${#tars[@]}" -eq 1 ]; then from=(--handin "\${tars[0]}")
elif [ -f "$sub/${hw}/index.ts" ]; then from=(--dir "$sub/${hw}")
elif [ -f "$sub/index.ts" ]; then from=(--dir "$sub")
elif [ "\${#tars[@]}" -gt 1 ]; then fail "the submission holds \${#tars[@]} .tar files; upload only the handin.tar that npm run submit ${hw} writes"
else fail "the submission holds no .tar file, no ${hw}/index.ts and no index.ts: upload the handin.tar that npm run submit ${hw} writes, or the files of ${hw}/"
fi

memory="$(code_memory_mib)"
limit="$(container_memory_bytes)"
echo "run_autograder: container memory \${limit:-unlimited} bytes; the code under test may use \${memory} MiB; grading stops after ${budgetS} s"
cd "$src" || fail "no autograder source in $src"
FORCE_COLOR=0 "$node" --import tsx autograder/src/grade-cli.ts ${hw} "\${from[@]}" --fixtures fixtures/${hw} --hidden \\
  --memory "$memory" --budget ${budgetS} --gradescope "$results"
status=$?
[ -s "$results" ] || fail "the grader ended (exit $status) without writing results.json"
exit 0
`;
}
