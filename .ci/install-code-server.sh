#!/usr/bin/env bash
# Installs code-server (a real VS Code: 4.100.3 = VS Code 1.100.3) from the npm
# registry into .vscode-test/code-server, redoing its postinstall by hand because
# the normal postinstall downloads binaries that are unreachable offline.
# Idempotent: skips when the pinned version is already installed and complete.
set -euo pipefail
version=4.100.3
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/.vscode-test/code-server"
marker="$dest/.installed-$version"
if [[ -f "$marker" ]]; then
  echo "code-server $version already installed in $dest"
  exit 0
fi
command -v rg >/dev/null || { echo "ripgrep (rg) is required: apt-get install ripgrep" >&2; exit 2; }
rm -rf "$dest"
mkdir -p "$dest"
cd "$dest"
echo '{"name":"snakepit-code-server","private":true}' > package.json
npm install --no-audit --no-fund --ignore-scripts "code-server@$version"
npm rebuild argon2
vscode="$dest/node_modules/code-server/lib/vscode"
cd "$vscode"
npm install --no-audit --no-fund --omit=dev --ignore-scripts
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm_config_yes=true npm rebuild
ln -sfn node_modules node_modules.asar
ln -sfn code-linux.sh bin/remote-cli/code-server
ln -sfn browser-linux.sh bin/helpers/browser.sh
(cd extensions && npm install --no-audit --no-fund --omit=dev)
touch "$marker"
echo "code-server $version installed in $dest"
