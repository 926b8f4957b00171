# The two commands of a fresh Debian machine: `make run` and `make test`.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
BUILD_TYPE ?= RelWithDebInfo
# Warnings are errors in CI builds.
WERROR := $(if $(filter true,$(CI)),ON,OFF)
PORT ?= 8000

CXX_SOURCES = $(shell git ls-files '*.cpp' '*.h' 2>/dev/null)

.PHONY: all setup web configure build run test fuzz bench format format-check clean

all: build

setup:
	@scripts/bootstrap.sh

# The dashboard, built with Vite into web/dist, which the C++ build compiles in.
web: setup
	@scripts/build-web.sh

configure: setup web
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DHB_WERROR=$(WERROR) \
	  -DHB_WEB_DIST=$(CURDIR)/web/dist > /dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BUILD_DIR)/healthboard serve --port $(PORT)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

# libFuzzer targets with ASan and UBSan (docs/fuzzing.md): a clang build of their own in
# build-fuzz, then each target for FUZZ_SECONDS on a scratch copy of its seed corpus; fails on
# any finding.
FUZZ_BUILD_DIR ?= build-fuzz
FUZZ_SECONDS ?= 30

fuzz: setup
	@CXX=clang++ cmake -S . -B $(FUZZ_BUILD_DIR) -DHB_FUZZ=ON \
	  -DCMAKE_BUILD_TYPE=Fuzz -DHB_WERROR=$(WERROR) > /dev/null
	@cmake --build $(FUZZ_BUILD_DIR) -j $(JOBS) --target hb_fuzz_targets
	FUZZ_BUILD_DIR=$(FUZZ_BUILD_DIR) FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(JOBS) scripts/fuzz.sh

# Load benchmarks against their goals (bench/run.sh): minutes long, not part of test or CI.
bench: build
	BUILD_DIR=$(BUILD_DIR) bench/run.sh

format: web
	clang-format -i $(CXX_SOURCES)
	npm --prefix web run --silent format

format-check: web
	clang-format --dry-run --Werror $(CXX_SOURCES)
	npm --prefix web run --silent format:check

clean:
	rm -rf $(BUILD_DIR) $(FUZZ_BUILD_DIR) fuzz-runs
