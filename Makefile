# Minh Bạch — the two commands a newcomer needs: `make run` and `make test`.
# CMake does the building; this file only names the common tasks.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
DB         ?= var/minhbach.db
PORT       ?= 8080
FUZZ_SECONDS ?= 60
WERROR     ?= $(if $(CI),ON,OFF)

.PHONY: all deps build run test test-deps test-unit test-api test-browser test-asan check-source bench bench-track bench-cases bench-pages bench-flood bench-scale bench-overlap fuzz clean

all: build

deps:
	@scripts/deps.sh

$(BUILD)/Makefile: CMakeLists.txt
	@echo "    configuring with cmake (first time only)"
	@cmake -S . -B $(BUILD) -DMB_WERROR=$(WERROR) >/dev/null

# Quiet on success (warnings still shown); the whole log on failure.
build: $(BUILD)/Makefile
	@cmake --build $(BUILD) -j $(JOBS) >$(BUILD)/build.log 2>&1 || { cat $(BUILD)/build.log; exit 1; }
	@grep -iE 'warning|error' $(BUILD)/build.log || true

# One line per step, so that a first run (packages, a full build) never looks stuck.
run:
	@echo "==> 1/4 system packages (scripts/deps.sh; installs only what is missing)"
	@scripts/deps.sh
	@echo "==> 2/4 build ($(BUILD)/; the first build takes a minute or two, later ones seconds)"
	@$(MAKE) --no-print-directory build
	@echo "==> 3/4 demo database $(DB) (made once, reused after)"
	@$(BUILD)/minhbach demo --db $(DB)
	@echo "==> 4/4 server on port $(PORT) (another port: make run PORT=8081)"
	@echo "    The demo codes and secrets again: $(BUILD)/minhbach demo --show --db $(DB)"
	@echo "    Open the URL below; stop with Ctrl-C."
	@$(BUILD)/minhbach serve --db $(DB) --port $(PORT)

test-deps:
	@scripts/deps.sh --test
	@cd tests && (test -d node_modules/playwright-core -a -d node_modules/axe-core || npm ci --no-audit --no-fund --silent)

test: test-deps build check-source
	@scripts/test-all.sh $(BUILD)

test-unit: build
	@cd $(BUILD) && ctest --output-on-failure

test-api: build
	@cd tests && MINHBACH_BIN=$(CURDIR)/$(BUILD)/minhbach node --test --test-concurrency=1 api/

test-browser: build
	@cd tests && MINHBACH_BIN=$(CURDIR)/$(BUILD)/minhbach node --test --test-concurrency=1 browser/

# The unit and API tests again, under AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan: test-deps
	@cmake -S . -B $(ASAN_BUILD) -DMB_SANITIZE=ON -DMB_WERROR=$(WERROR) -DCMAKE_BUILD_TYPE=Debug >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS) >$(ASAN_BUILD)/build.log 2>&1 || { cat $(ASAN_BUILD)/build.log; exit 1; }
	@scripts/test-all.sh $(ASAN_BUILD) --no-browser

check-source:
	@scripts/check-source.sh

# Searches for crashing inputs with libFuzzer, FUZZ_SECONDS each (60 by default), over every
# driver: the parsers we wrote and request bodies (JSON, form, multipart) through the whole
# server. The code under test is instrumented, not only the drivers. New crashes go to
# tests/fuzz/corpus/<driver>/ (replayed by `make test`); each driver's coverage and
# executions are printed at the end (docs/fuzzing.md records a run).
FUZZERS ?= text csv html calendar procedures mail json form multipart
fuzz:
	@CC=clang cmake -S . -B build-fuzz -DMB_FUZZ=ON -DMB_SANITIZE=ON -DMB_BENCH=OFF >/dev/null
	@cmake --build build-fuzz -j $(JOBS) --target minhbach $(addprefix fuzz_,$(FUZZERS))
	@for n in $(FUZZERS); do mkdir -p build-fuzz/corpus-$$n; \
	  build-fuzz/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -artifact_prefix=tests/fuzz/corpus/$$n/ \
	    build-fuzz/corpus-$$n tests/fuzz/corpus/$$n 2>build-fuzz/fuzz-$$n.log || { tail -40 build-fuzz/fuzz-$$n.log; exit 1; }; \
	  echo "$$n: $$(grep -oE 'cov: [0-9]+ ft: [0-9]+' build-fuzz/fuzz-$$n.log | tail -1), $$(grep -E 'stat::number_of_executed_units' build-fuzz/fuzz-$$n.log | awk '{print $$2}') executions, $$(grep -E 'stat::average_exec_per_sec' build-fuzz/fuzz-$$n.log | awk '{print $$2}')/s"; \
	done

bench: build
	@bench/run.sh

# Public tracking at 10,000 and 1,000,000 generated dossiers against nginx (the databases are
# generated once, about 3 minutes, and cached under bench/out/dossiers/; a run then takes about 7 minutes).
bench-track: build
	@bench/track.sh

# Filing reports through the API against raw SQLite doing the same writes, and follow-up
# look-ups against nginx serving the same bytes (bench/cases.sh, ~2 minutes).
bench-cases: build
	@bench/cases.sh

# Every public read page against nginx serving the same bytes (bench/pages.sh, ~22 minutes: 5 rounds,
# the servers on half the CPUs and wrk on the other half).
bench-pages: build
	@bench/pages.sh

# 2,100 connections trickling their headers while /healthz is probed every 100 ms
# (bench/flood.sh, about a minute).
bench-flood: build
	@bench/flood.sh

# Does any page cost more as history grows? 10,000 dossiers + 10,000 reports against 1,000,000 +
# 1,000,000, generated once and cached in bench/out/scale/ (bench/scale.sh; BENCH_SIZES to change).
bench-scale: build
	@bench/scale.sh

# The full overlap check of inspection plans: 100,000 businesses with 20,000 entries of 30 bodies,
# and with 2,000, in the same run (bench/overlap.sh, about a minute).
bench-overlap: build
	@bench/overlap.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
