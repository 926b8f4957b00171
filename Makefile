# The two commands of a fresh Debian machine: `make run` and `make test`.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
BUILD_TYPE ?= RelWithDebInfo
# Warnings are errors in CI builds.
WERROR := $(if $(filter true,$(CI)),ON,OFF)
PORT ?= 8000

CXX_SOURCES = $(shell git ls-files '*.cpp' '*.h' 2>/dev/null)

.PHONY: all setup web configure build run test bench format format-check clean

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
	rm -rf $(BUILD_DIR)
