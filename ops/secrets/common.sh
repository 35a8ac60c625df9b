# Shared by the scripts in ops/secrets: finds sops and the repository's .sops.yaml.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SOPS_CONFIG="$ROOT/.sops.yaml"

# sops 3.9 or later: the scripts use its subcommands (edit, decrypt, rotate).
require_sops() {
  if ! command -v sops >/dev/null 2>&1; then
    cat >&2 <<'MESSAGE'
sops is not installed (it is not packaged by Debian). Install 3.9 or later, one of:
  - the release binary from https://github.com/getsops/sops/releases, checked against the
    release's checksums file, as /usr/local/bin/sops;
  - Homebrew: brew install sops;
  - Go: go install github.com/getsops/sops/v3/cmd/sops@latest
age-keygen, for new age keys, comes with age: apt-get install age (or brew install age).
MESSAGE
    exit 127
  fi
  local version
  version="$(sops --disable-version-check --version 2>/dev/null | sed -n 's/^sops \([0-9][0-9.]*\).*/\1/p' | head -n1)"
  case "$version" in
    3.[0-8].*|[0-2].*)
      echo "sops $version is too old: 3.9 or later is needed" >&2
      exit 1
      ;;
  esac
}

# sops needs an identity to decrypt: the same variables the service reads.
require_identity() {
  if [ -z "${SOPS_AGE_KEY_FILE:-}" ] && [ -z "${SOPS_AGE_KEY:-}" ] \
    && [ ! -f "${XDG_CONFIG_HOME:-$HOME/.config}/sops/age/keys.txt" ]; then
    echo "Set SOPS_AGE_KEY_FILE to your age key file (or SOPS_AGE_KEY to the key)." >&2
    exit 1
  fi
}
