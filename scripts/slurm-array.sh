#!/bin/bash
# One shard of a zoo experiment as a Slurm array task.
#
#   sbatch --array=1-N scripts/slurm-array.sh SPEC.json OUTDIR     # one task per shard
#   scripts/slurm-submit.sh SPEC.json N OUTDIR                      # the array plus a dependent merge job
#
# Task k of the array (SLURM_ARRAY_TASK_ID, counted from SLURM_ARRAY_TASK_MIN) runs shard
# k/SLURM_ARRAY_TASK_COUNT of the experiment's cells and writes OUTDIR/shard-k.jsonl. It runs with
# --resume, so a task that is requeued (preempted, node failure, even SIGKILL) continues where it
# stopped instead of starting over; the rows it gives are bit-identical either way. Set ZOO to the zoo
# binary (default: zoo on PATH) and ZOO_THREADS to the cores per task (--cpus-per-task).
#SBATCH --job-name=zoo-shard
#SBATCH --cpus-per-task=1
#SBATCH --requeue
set -euo pipefail
spec=${1:?usage: sbatch --array=1-N slurm-array.sh SPEC.json OUTDIR}
outdir=${2:?usage: sbatch --array=1-N slurm-array.sh SPEC.json OUTDIR}
zoo=${ZOO:-zoo}
: "${SLURM_ARRAY_TASK_ID:?not running as a Slurm array task (submit with sbatch --array=1-N)}"
count=${SLURM_ARRAY_TASK_COUNT:?SLURM_ARRAY_TASK_COUNT is not set}
first=${SLURM_ARRAY_TASK_MIN:-1}
index=$((SLURM_ARRAY_TASK_ID - first + 1))
export ZOO_THREADS=${ZOO_THREADS:-${SLURM_CPUS_PER_TASK:-1}}
mkdir -p "$outdir"
exec "$zoo" run "$spec" --shard "$index/$count" --out "$outdir/shard-$index.jsonl" --resume --quiet
