# `make run` starts the rollup, `make test` runs the tests. Both install the
# Debian packages they need first (as root on a fresh machine).

SWIFT ?= swift
APT_PACKAGES := libgmp-dev libsodium-dev libsqlite3-dev libsecp256k1-dev pkg-config gcc python3 postgresql
export DEBIAN_FRONTEND := noninteractive

.PHONY: deps test-deps install-packages build test run bench clean

# The tests also drive the explorer in a headless browser (BrowserTests).
TEST_APT_PACKAGES := $(APT_PACKAGES) chromium
# The L1 contracts' compiler and the development L1 they are tested on
# (PyPI), pinned: contracts/build holds what this Vyper compiles.
PY_TEST_PACKAGES := vyper==0.4.3 eth-tester==0.14.0b1 py-evm==0.12.1b1 eth-abi==6.0.0 eth-utils==6.0.0

deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(APT_PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(TEST_APT_PACKAGES)"
	@python3 -m pip --version >/dev/null 2>&1 || $(MAKE) --no-print-directory install-packages PACKAGES=python3-pip
	@python3 -c "import vyper, eth_tester, eth_abi; assert vyper.__version__.startswith('0.4.3')" 2>/dev/null || \
	  python3 -m pip install -q --break-system-packages $(PY_TEST_PACKAGES)

install-packages:
	@missing=""; \
	for package in $(PACKAGES); do \
	  dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c release

# The L1 contracts first (Python on py-evm, against committed proofs).
# Release mode: field arithmetic in a debug build is too slow for the suite.
# The test targets that only compute (algebra, circuits, Groth16,
# ceremonies) run first and alone: on 2 cores their synchronous work holds
# the threads that the node suites' servers, heartbeats and timeouts wait
# for. Then the other suites on SQLite, then the fourth kind that
# KindExtensionTests registers (in a process of its own, since a kind is
# registered for the whole process), then the headless browser's suite
# (Chromium too would take the cores their timeouts count on), then the
# suites on the development L1 (py-evm's pairings are as greedy); then the
# suites that take a database run again on a throwaway PostgreSQL cluster
# alone (scripts/with-postgres.sh starts it and removes it after), with the
# PostgreSQL-only suites.
COMPUTE_TARGETS := ^(AlgebraTests|PrimitivesTests|EthereumTests|R1CSTests|CircuitsTests|Groth16Tests|CeremonyTests|RollupTypesTests|BlockVerificationTests)\.
POSTGRES_SUITES := StoreTests|CommitterTests|ShutdownTests|CrashTests|ProverWorkerTests|ProverRoleTests|DatabaseWriterAttackTests|APITests|EndToEndTests|DatabaseOutageTests|ProverFleetTests
test: test-deps
	python3 -m unittest discover -s contracts/tests
	$(SWIFT) build -c release --build-tests
	ROLLUP_TEST_BACKENDS=sqlite $(SWIFT) test -c release --skip-build --filter '$(COMPUTE_TARGETS)'
	ROLLUP_TEST_BACKENDS=sqlite $(SWIFT) test -c release --skip-build --skip '$(COMPUTE_TARGETS)' --skip BrowserTests --skip SettlementTests --skip KindExtensionTests
	ROLLUP_TEST_KIND_EXTENSION=1 ROLLUP_TEST_BACKENDS=sqlite $(SWIFT) test -c release --skip-build --filter KindExtensionTests
	ROLLUP_TEST_BACKENDS=sqlite $(SWIFT) test -c release --skip-build --filter BrowserTests
	ROLLUP_TEST_BACKENDS=sqlite $(SWIFT) test -c release --skip-build --filter SettlementTests
	ROLLUP_TEST_BACKENDS=postgres scripts/with-postgres.sh $(SWIFT) test -c release --skip-build --filter '$(POSTGRES_SUITES)'

# The node on SQLite in ./data with one in-process prover per core, in
# development mode: the first start makes development keys for the three
# circuits (a minute or two) and a development bridge key.
run: build
	.build/release/rollup node --data data --dev

bench: build
	.build/release/rollup bench algebra

clean:
	rm -rf .build
