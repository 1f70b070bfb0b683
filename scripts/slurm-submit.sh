#!/bin/bash
# Submits a zoo experiment to Slurm as N array tasks (scripts/slurm-array.sh) and a merge job that runs
# when every task has succeeded (afterok), writing OUTDIR/results.jsonl: exactly the rows of an
# unsharded `zoo run SPEC.json --out OUTDIR/results.jsonl`.
#
#   scripts/slurm-submit.sh SPEC.json N OUTDIR [extra sbatch options…]
#
# Prints the merge job's id. ZOO (the zoo binary, default zoo on PATH) is passed to the jobs.
set -euo pipefail
spec=${1:?usage: slurm-submit.sh SPEC.json N OUTDIR [sbatch options…]}
shards=${2:?usage: slurm-submit.sh SPEC.json N OUTDIR [sbatch options…]}
outdir=${3:?usage: slurm-submit.sh SPEC.json N OUTDIR [sbatch options…]}
shift 3
here=$(cd "$(dirname "$0")" && pwd)
zoo=${ZOO:-zoo}
mkdir -p "$outdir/log"
array=$(sbatch --parsable --export=ALL,ZOO="$zoo" --array=1-"$shards" --output="$outdir/log/shard-%a.out" "$@" \
        "$here/slurm-array.sh" "$spec" "$outdir")
shard_files=$(for i in $(seq 1 "$shards"); do printf '%q ' "$outdir/shard-$i.jsonl"; done)
sbatch --parsable --job-name=zoo-merge --dependency=afterok:"$array" --output="$outdir/log/merge.out" "$@" \
       --wrap "$(printf '%q' "$zoo") merge $(printf '%q' "$outdir/results.jsonl") $shard_files"
