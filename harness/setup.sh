#!/usr/bin/env bash
# Installs the real-editor harness: Debian's chromium (for the browser side), and code-server
# with playwright-core in harness/node_modules. Idempotent: quick when everything is there.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
[ -e /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "The real-editor harness needs these Debian packages: ${missing[*]}" >&2
    echo "Install them first:  sudo apt-get install -y ${missing[*]}" >&2
    exit 3
  fi
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x "$HERE/node_modules/.bin/code-server" ] || [ ! -d "$HERE/node_modules/playwright-core" ]; then
  echo "Installing code-server 4.100.3 and playwright-core in harness/ (about a minute, once)"
  # code-server's bundled @vscode/ripgrep downloads rg from GitHub at install time, which is not
  # reachable here: seed its download cache with Debian's rg (the same upstream 13.0.0).
  rg_tmp="$(mktemp -d)"
  trap 'rm -rf "$rg_tmp"' EXIT
  mkdir -p "$rg_tmp/vscode-ripgrep-cache-1.15.11"
  tar czf "$rg_tmp/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
  # unsafe_perm: code-server's postinstall refuses to run as root without it.
  # yes: node-pty's install step runs npx node-gyp, and npx must not stop to ask.
  (cd "$HERE" && TMPDIR="$rg_tmp" npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund --no-package-lock)
fi
# A throwaway config home: --version would otherwise write ~/.config/code-server.
XDG_CONFIG_HOME="$(mktemp -d)" "$HERE/node_modules/.bin/code-server" --version 2>/dev/null | head -1
