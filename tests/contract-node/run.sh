#!/usr/bin/env bash
# Runs the Node.js contract test (see contract.test.mjs for its environment variables:
# GATEWAY_GRPC, UNION_TOKEN (required), RABBITMQ_URL). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if [[ ! -d node_modules ]]; then
  npm ci --no-audit --no-fund
fi
exec node --test "$@"
