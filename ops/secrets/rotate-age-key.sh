#!/usr/bin/env bash
# Re-encrypts secrets files to a new age key: each file gets a new data key (sops rotate), the new
# recipient and, unless --keep-old, loses the old one. The identity that opens the files today must
# be in SOPS_AGE_KEY_FILE (or SOPS_AGE_KEY).
#
#   age-keygen -o new-age-key.txt        # prints the new recipient, age1…
#   ops/secrets/rotate-age-key.sh --add age1new… --remove age1old… [ops/secrets/production.enc.env …]
#
# Without files, every ops/secrets/*.enc.* except the example is rotated. Then put the new
# recipient into .sops.yaml, give every instance the new identity (SOPS_AGE_KEY_FILE) together with
# the re-encrypted files, and destroy the old identity. See docs/operations/secrets.md.
set -euo pipefail
. "$(dirname "$0")/common.sh"

add="" remove=""
while [ $# -gt 0 ]; do
  case "$1" in
    --add) add="$2"; shift 2 ;;
    --remove) remove="$2"; shift 2 ;;
    --keep-old) remove=""; shift ;;
    --) shift; break ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ -z "$add" ]; then
  echo "usage: $0 --add <new age recipient> [--remove <old age recipient>] [file…]" >&2
  exit 2
fi
case "$add" in age1*) ;; *) echo "--add must be an age recipient (age1…), not a key" >&2; exit 2 ;; esac

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  shopt -s nullglob
  for candidate in "$ROOT"/ops/secrets/*.enc.*; do
    case "$(basename "$candidate")" in example.enc.*) ;; *) files+=("$candidate") ;; esac
  done
fi
if [ ${#files[@]} -eq 0 ]; then
  echo "no secrets files to rotate" >&2
  exit 1
fi

require_sops
require_identity
for file in "${files[@]}"; do
  arguments=(--add-age "$add")
  if [ -n "$remove" ]; then
    arguments+=(--rm-age "$remove")
  fi
  sops --config "$SOPS_CONFIG" rotate --in-place "${arguments[@]}" "$file"
  echo "rotated $file"
done
echo "Next: put $add into .sops.yaml, deploy the new identity with these files, then retire the old one."
