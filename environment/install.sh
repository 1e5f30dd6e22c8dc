#!/usr/bin/env bash
# Installs what greater4j's notebooks need on a fresh Debian/Ubuntu machine, in one go:
#   1. Jupyter from the distribution's packages: jupyter-nbconvert + jupyter-client (headless runs
#      with nbconvert/nbclient) and jupyter-notebook (the classic Notebook for interactive use);
#   2. the project's build (mvn package), whose classes and runtime classpath the kernel loads;
#   3. a Java kernel from Maven Central: rapaio-jupyter-kernel (IJava, Ganymede and JJava's kernel are
#      not on Maven Central), copied to target/kernel/;
#   4. the kernelspec "greater4j" (written here: rapaio's installer ignores $HOME) in
#      $(jupyter --data-dir)/kernels/greater4j. It starts org.greater4j.notebook.KernelLauncher, which
#      runs the rapaio kernel and repairs its startup race (docs/kernel-stress.md).
#
# usage: environment/install.sh [--kernel-only] [--name NAME] [--main-class CLASS]
#   --kernel-only   skip apt-get (Jupyter is already there); build if needed, write the kernel
#   --name NAME     kernelspec name (default greater4j)
#   --main-class C  kernel main class (default org.greater4j.notebook.KernelLauncher; the stress test
#                   also installs rapaio's own org.rapaio.jupyter.kernel.MainApp to measure the race)
# Environment: GREATER_KERNEL_XMX (kernel heap, default 4g).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kernel_only=false
name=greater4j
main_class=org.greater4j.notebook.KernelLauncher
while [ $# -gt 0 ]; do
  case "$1" in
    --kernel-only) kernel_only=true ;;
    --name) name="$2"; shift ;;
    --main-class) main_class="$2"; shift ;;
    -h|--help) sed -n 2,21p "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
say() { echo "install.sh: $*" >&2; }

# 1. Jupyter (and a JDK and Maven when missing) from the distribution
if [ "$kernel_only" = false ]; then
  need=()
  for p in jupyter-nbconvert jupyter-client jupyter-notebook; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
  command -v java >/dev/null || need+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || need+=(maven)
  if [ ${#need[@]} -gt 0 ]; then
    say "apt-get install ${need[*]}"
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi
command -v jupyter >/dev/null || { say "jupyter is missing: run environment/install.sh without --kernel-only"; exit 1; }

# 2. the build: target/classes and target/classpath.txt
cd "$root"
if [ ! -f target/classpath.txt ] || [ ! -d target/classes/org/greater4j/notebook ]; then
  say "building (mvn package -DskipTests) ..."
  mvn -q -B -DskipTests package 1>&2
fi

# 3. the kernel jar (a provided dependency in pom.xml, so its version lives there)
if ! ls target/kernel/rapaio-jupyter-kernel-*.jar >/dev/null 2>&1; then
  say "copying rapaio-jupyter-kernel from Maven Central to target/kernel/ ..."
  mvn -q -B dependency:copy-dependencies -DincludeScope=provided -DincludeArtifactIds=rapaio-jupyter-kernel \
      -DoutputDirectory="$root/target/kernel" 1>&2
fi
kernel_jar="$(ls "$root"/target/kernel/rapaio-jupyter-kernel-*.jar | head -n 1)"

# 4. the kernelspec
classes="$root/target/classes"
runtime_cp="$(cat target/classpath.txt)"
jvm_cp="$classes:$runtime_cp:$kernel_jar"
jshell_cp="$classes;${runtime_cp//:/;}"   # rapaio splits RJK_CLASSPATH on ';'
java_bin="$(command -v java)"
data_dir="$(jupyter --data-dir)"
spec_dir="$data_dir/kernels/$name"
py=/usr/bin/python3; [ -x "$py" ] || py=python3   # Jupyter's own python, not a pyenv one
# As ./greater does: oneMKL's AVX2 GEMM code path on AMD CPUs (MKL's own choice there is much slower).
mkl_cbwr="${MKL_CBWR:-}"
if [ -z "$mkl_cbwr" ] && grep -q '^vendor_id.*AuthenticAMD' /proc/cpuinfo 2>/dev/null && grep -qw avx2 /proc/cpuinfo 2>/dev/null; then
  mkl_cbwr=AVX2
fi
mkdir -p "$spec_dir"
"$py" - "$spec_dir/kernel.json" "$java_bin" "${GREATER_KERNEL_XMX:-4g}" "$jvm_cp" "$main_class" "$jshell_cp" "$name" "$mkl_cbwr" <<'PY'
import json, sys
out, java, xmx, cp, main, jshell_cp, name, mkl_cbwr = sys.argv[1:]
spec = {
    "argv": [java, "-Xmx" + xmx, "-XX:+IgnoreUnrecognizedVMOptions", "--enable-native-access=ALL-UNNAMED",
             "-cp", cp, main, "{connection_file}"],
    "display_name": "Java (greater4j)" if name == "greater4j" else "Java (" + name + ")",
    "language": "java",
    "interrupt_mode": "message",
    "env": {"RJK_CLASSPATH": jshell_cp, "RJK_TIMEOUT_MILLIS": "-1", "OPT_OUT_TRACKING": "true"},
    "metadata": {"greater4j": {"main": main}},
}
if mkl_cbwr:
    spec["env"]["MKL_CBWR"] = mkl_cbwr
with open(out, "w") as f:
    json.dump(spec, f, indent=1)
PY
say "kernel '$name' installed in $spec_dir (main class $main_class)"
