#!/usr/bin/env bash
# Adds a migration with the same name for every provider (SQLite, PostgreSQL, SQL Server) to one
# service, each into Persistence/Migrations/<Provider>. Usage: scripts/add-migration.sh Archives AddVisits
set -euo pipefail
service=${1:?service folder, e.g. Archives}
name=${2:?migration name, e.g. AddVisits}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root/services/$service"
dotnet tool restore >/dev/null
for provider in Sqlite Postgres SqlServer; do
  dotnet ef migrations add "$name" --context "${service}${provider}DbContext" \
    --output-dir "Persistence/Migrations/$provider" --namespace "Union.$service.Persistence.Migrations.$provider"
done
# The tool files the model snapshot under a folder named after its namespace; keep it beside its migrations.
if [[ -d Union ]]; then
  for provider in Sqlite Postgres SqlServer; do
    find Union -path "*Migrations/$provider/*.cs" -exec mv {} "Persistence/Migrations/$provider/" \;
  done
  rm -rf Union
fi
