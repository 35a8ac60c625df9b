#!/usr/bin/env bash
# Edits a SOPS-encrypted secrets file of the service: sops decrypts it into a temporary file,
# opens $EDITOR and encrypts it again when the editor closes. A file that does not exist yet is
# created and encrypted to the recipients of .sops.yaml. Plaintext never lands in the repository.
#
#   SOPS_AGE_KEY_FILE=~/.config/nexus/age-key.txt ops/secrets/edit.sh ops/secrets/production.enc.env
#
# One variable per line, with the names of docs/configuration.md: NEXUS_ADMIN_TOKEN=… (dotenv), or
# NEXUS_ADMIN_TOKEN: … at the top level of a .enc.yaml file. See docs/operations/secrets.md.
set -euo pipefail
. "$(dirname "$0")/common.sh"

if [ $# -ne 1 ]; then
  echo "usage: $0 ops/secrets/<name>.enc.env|.enc.yaml" >&2
  exit 2
fi
file="$1"
require_sops
if [ -e "$file" ]; then
  require_identity
fi
exec sops --config "$SOPS_CONFIG" edit "$file"
