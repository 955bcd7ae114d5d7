# hybridsim: the two commands users need are `make run` and `make test`.
# Both install what the build needs (GSL through apt when pkg-config cannot find it).

SWIFT   ?= swift
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RELEASE := .build/release
CC      ?= cc

.PHONY: all deps build release run test unit-test verify calibration-check bench bench-peers validate-ns3 clean results notebooks notebooks-check pydeps venvdeps

all: build

## deps: install libgsl-dev and pkg-config with apt when `pkg-config --exists gsl` fails.
deps:
	@if pkg-config --exists gsl 2>/dev/null; then :; else \
	  echo "hybridsim: GSL not found by pkg-config; installing libgsl-dev and pkg-config with apt"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgsl-dev pkg-config; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: release pydeps
	$(RELEASE)/hybridsim run

## test: unit tests (debug), the analytic validation suite, the resume, scale-out, resilience-shard,
## capacity-bracket and JSON tests on the release binary, every shipped scenario (validate + a shortened
## run) and every --help example against their output-shape snapshots, the hostile-input,
## interrupted-work (kill -9) and fuzz tests (3,000 mutations under prlimit), the calibration tests and
## calibration-check (device models against published measurements), and every notebook
## executed against the committed results.
test: unit-test verify notebooks-check

unit-test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

verify: release
	$(RELEASE)/hybridsim verify
	bash tests/resume-after-kill.sh $(RELEASE)/hybridsim
	bash tests/scale-out-local.sh $(RELEASE)/hybridsim
	bash tests/resilience-shards.sh $(RELEASE)/hybridsim
	bash tests/capacity-brackets.sh $(RELEASE)/hybridsim
	bash tests/json-outputs.sh $(RELEASE)/hybridsim
	bash tests/shipped-scenarios.sh $(RELEASE)/hybridsim
	bash tests/help-examples.sh $(RELEASE)/hybridsim
	bash tests/hostile-inputs.sh $(RELEASE)/hybridsim
	bash tests/interrupted-work.sh $(RELEASE)/hybridsim
	python3 tests/fuzz-scenarios.py $(RELEASE)/hybridsim
	python3 tests/calibration.py $(RELEASE)/hybridsim
	$(MAKE) --no-print-directory calibration-check

## calibration-check: the device models against the published measurements of
## scenarios/calibration/published.yaml (fails when simulated / published leaves 0.9–1.1), and the
## calibration table of docs/assumptions.md against what the models give now.
calibration-check: release
	$(RELEASE)/hybridsim calibrate scenarios/calibration/published.yaml --check
	@$(RELEASE)/hybridsim calibrate scenarios/calibration/published.yaml --check --format markdown --quiet > .calibration-table.md
	@python3 tests/generated_block.py docs/assumptions.md calibration .calibration-table.md; status=$$?; rm -f .calibration-table.md; exit $$status

## bench: release benchmarks beside the minimal C references, with ratios.
bench: release
	@mkdir -p bench/out
	$(CC) -O2 -march=native -o bench/out/hold_c bench/c/hold.c $$(pkg-config --cflags --libs gsl)
	$(CC) -O2 -march=native -o bench/out/tandem_c bench/c/tandem.c $$(pkg-config --cflags --libs gsl)
	bash bench/run.sh

clean:
	rm -rf .build bench/out

## results: regenerate results/<study>/ for every shipped scenario (release build).
STUDIES := default option-common-vlan option-strongswan-vpn option-static-nat option-bgp-peering \
           esg-capacity strongswan-ceiling kube-proxy mtu wan tandem vpn-restart esg-failover estate-example
results: release
	@for s in $(STUDIES); do \
	  echo "== $$s"; \
	  $(RELEASE)/hybridsim sweep scenarios/$$s.yaml --out results/$$s > /dev/null || exit 1; \
	  rm -rf results/$$s/.points; \
	done
	$(RELEASE)/hybridsim metrics --format csv > results/metrics.csv
	@mkdir -p results/traces
	@for f in internet-to-iks-web internet-to-icp-web iks-web-to-vcs-db icp-web-to-vcs-db enterprise-to-vcs-vm iks-web-to-icp-web; do \
	  for o in common-vlan strongswan-vpn static-nat bgp-peering; do \
	    $(RELEASE)/hybridsim trace --flow $$f --option $$o --payload 1300 --format csv > results/traces/$$f.$$o.csv || exit 1; \
	  done; \
	done
	@echo "results written to results/"

## Notebooks: a local virtual environment with notebooks/requirements.txt (pip, from PyPI).
VENV := .venv-notebooks
PYTHON := $(VENV)/bin/python
## venvdeps: python3 with venv and pip (Debian splits them into python3-venv), through apt when missing.
venvdeps:
	@if python3 -c "import venv, ensurepip" 2>/dev/null; then :; else \
	  echo "hybridsim: installing python3-venv with apt"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv; \
	fi
pydeps: venvdeps
	@if [ ! -x $(PYTHON) ] || ! $(PYTHON) -c "import pandas, matplotlib, nbclient, nbformat, ipykernel" 2>/dev/null; then \
	  echo "hybridsim: installing the notebook packages into $(VENV)"; \
	  python3 -m venv $(VENV) && $(PYTHON) -m pip install -q --disable-pip-version-check -r notebooks/requirements.txt; \
	fi

## notebooks: execute every notebook headless and write results/figures/<notebook>-<n>.png.
notebooks: pydeps
	rm -f results/figures/*.png
	MPLBACKEND=Agg $(PYTHON) notebooks/run_notebooks.py

## notebooks-check: execute every notebook against the committed results (figures to a temporary folder).
notebooks-check: pydeps
	@tmp=$$(mktemp -d); MPLBACKEND=Agg HYBRIDSIM_FIGURES=$$tmp $(PYTHON) notebooks/run_notebooks.py; status=$$?; rm -rf $$tmp; exit $$status

## validate-ns3: TCP bulk goodput and a transaction on one path (1 Gbit/s, 10 ms RTT, 0 / 0.1 / 1 % loss) in hybridsim and
## in ns-3 3.37 (Debian's libns3-dev), Linux reno and CUBIC on both sides; bench/results/tcp-validation.txt.
validate-ns3: release
	@if ! pkg-config --exists ns3-core 2>/dev/null || ! command -v g++ >/dev/null; then \
	  echo "hybridsim: installing libns3-dev and g++ with apt"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libns3-dev g++; \
	fi
	@mkdir -p bench/out
	g++ -O2 -std=c++17 -o bench/out/tcp_ns3 bench/validation/tcp_ns3.cc $$(pkg-config --cflags --libs ns3-core ns3-network ns3-internet ns3-point-to-point ns3-applications ns3-traffic-control)
	bash bench/validation/tcp.sh

## bench-peers: tandem-5 in hybridsim, a C loop, ns-3 (Debian's libns3-dev) and SimPy (pip), one table.
bench-peers: release venvdeps
	@if ! pkg-config --exists ns3-core 2>/dev/null || ! command -v g++ >/dev/null; then \
	  echo "hybridsim: installing libns3-dev and g++ with apt"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libns3-dev g++; \
	fi
	@if [ ! -x .venv-bench/bin/python ] || ! .venv-bench/bin/python -c "import simpy" 2>/dev/null; then \
	  python3 -m venv .venv-bench && .venv-bench/bin/pip install -q --disable-pip-version-check simpy==4.1.2; \
	fi
	@mkdir -p bench/out
	$(CC) -O2 -march=native -o bench/out/tandem_c bench/c/tandem.c $$(pkg-config --cflags --libs gsl)
	g++ -O2 -std=c++17 -o bench/out/tandem_ns3 bench/peers/tandem_ns3.cc $$(pkg-config --cflags --libs ns3-core ns3-network ns3-internet ns3-point-to-point ns3-applications ns3-traffic-control)
	bash bench/peers.sh
