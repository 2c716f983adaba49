# Makefile -- builds bin/tldhealth, its tests and the testbed tools.
#
# Plain make + pkg-config. Every library comes from a Debian 12 package;
# `make deps` installs them. Objects go to build/ (build-asan/ for the
# sanitizer build), binaries to bin/ and build/testbed/.

# ---- configuration -------------------------------------------------------
CC      ?= cc
# Warnings are errors; the extra set keeps prototypes and shadowing honest.
W       = -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes \
          -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral
OPT     ?= -O2 -g
XCFLAGS ?=
PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
# Where the binary goes; a second build tree (BUILD=build-x) sets its own,
# BINDIR=build-x/bin, so it leaves bin/tldhealth alone.
BINDIR  ?= bin

PKGS     = libuv ldns libzmq lmdb jansson msgpack libssl libcrypto libidn2 \
           libpsl cairo pango pangocairo librsvg-2.0 fontconfig
TESTPKGS = check
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_CFLAGS := $(shell pkg-config --cflags $(TESTPKGS) 2>/dev/null)
TEST_LIBS   := $(shell pkg-config --libs $(TESTPKGS) 2>/dev/null)

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
CPPFLAGS = -I. -D_GNU_SOURCE -DTLDHEALTH_VERSION='"$(VERSION)"'
CFLAGS   = -std=c11 $(W) $(OPT) $(XCFLAGS) -MMD -MP
LDLIBS   = $(PKG_LIBS) -lm

# Debian 12 packages: libraries, test framework, and the servers the
# testbed and the tests run.
DEB_PKGS = build-essential pkg-config libuv1-dev libldns-dev libzmq3-dev \
           liblmdb-dev libssl-dev check libjansson-dev libmsgpack-dev \
           libidn2-dev libzstd-dev libmaxminddb-dev gnuplot-nox \
           libcairo2-dev libpango1.0-dev librsvg2-dev libfontconfig-dev \
           fonts-dejavu-core \
           nsd knot unbound ldnsutils bind9-dnsutils bind9-utils dnsperf \
           zonemaster-cli iproute2 lmdb-utils valgrind procps python3 \
           clang-format bsdextrautils clang libclang-rt-14-dev tcpdump \
           libpsl-dev publicsuffix chromium poppler-utils

# ---- sources -------------------------------------------------------------
COMMON_SRC  := $(wildcard common/*.c)
CRAWLER_SRC := $(filter-out crawler/main.c,$(wildcard crawler/*.c))
LIB_SRC     := $(COMMON_SRC) $(CRAWLER_SRC) $(wildcard engine/*.c) \
               $(wildcard store/*.c) $(wildcard analyzer/*.c) \
               $(wildcard report/*.c)
MAIN_SRC    := crawler/main.c
UNIT_SRC    := $(wildcard tests/*/test_*.c) $(wildcard tests/support/*.c) \
               tests/unit_main.c
TXBENCH_SRC := tests/bench/txbench.c
# Signature verification benchmark; reads the fixtures through ldns.
SIGBENCH_SRC := tests/bench/sigbench.c tests/support/zonefix.c
ZFBENCH_SRC := tests/bench/zfbench.c
ANAGEN_SRC  := tests/bench/anagen.c
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
# Seconds each fuzz target runs in `make check`; longer by hand:
# make fuzz-run FUZZ_SECONDS=3600
FUZZ_SECONDS ?= 15
TBGEN_SRC   := $(wildcard testbed/gen/*.c)
TBRELAY_SRC := $(wildcard testbed/relay/*.c)
TBHOSTILE_SRC := $(wildcard testbed/hostile/*.c)
# The testbed programs' modules without their main(), for the unit tests.
TBLIB_SRC   := $(filter-out testbed/gen/tbgen.c testbed/relay/relay_main.c \
                 testbed/hostile/hostile_main.c,\
                 $(TBGEN_SRC) $(TBRELAY_SRC) $(TBHOSTILE_SRC))

obj = $(patsubst %.c,$(BUILD)/%.o,$(1))

LIB       := $(BUILD)/libtldhealth.a
TBLIB     := $(BUILD)/libtestbed.a
BIN       := $(BINDIR)/tldhealth
UNIT      := $(BUILD)/tests/unit
TXBENCH   := $(BUILD)/tests/txbench
SIGBENCH  := $(BUILD)/tests/sigbench
ZFBENCH   := $(BUILD)/tests/zfbench
ANAGEN    := $(BUILD)/tests/anagen
TBGEN     := $(BUILD)/testbed/tbgen
TBRELAY   := $(BUILD)/testbed/tbrelay
TBHOSTILE := $(BUILD)/testbed/tbhostile

.PHONY: all deps check unit integration asan valgrind demo bench clean \
        install testbed-tools check-style fuzz fuzz-bins fuzz-run \
        bench-transport bench-check bench-zonefile bench-dnssec parity FORCE \
        bench-analyze bench-crawl

all: $(BIN) testbed-tools $(TXBENCH) $(ZFBENCH) $(SIGBENCH)

testbed-tools: $(TBGEN) $(TBRELAY) $(TBHOSTILE)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(TEST_CFLAGS) $(CFLAGS) -c -o $@ $<

$(LIB): $(call obj,$(LIB_SRC))
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BIN): $(call obj,$(MAIN_SRC)) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(TBLIB): $(call obj,$(TBLIB_SRC))
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(UNIT): $(call obj,$(UNIT_SRC)) $(TBLIB) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(TEST_LIBS)

$(TXBENCH): $(call obj,$(TXBENCH_SRC)) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(SIGBENCH): $(call obj,$(SIGBENCH_SRC)) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(ZFBENCH): $(call obj,$(ZFBENCH_SRC)) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(ANAGEN): $(call obj,$(ANAGEN_SRC)) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(TBGEN): $(call obj,$(TBGEN_SRC)) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(TBRELAY): $(call obj,$(TBRELAY_SRC)) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(TBHOSTILE): $(call obj,$(TBHOSTILE_SRC)) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# ---- dependencies --------------------------------------------------------
# A no-op when every package is present; otherwise one apt-get run.
deps:
	@missing=$$(for p in $(DEB_PKGS); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing:" $$missing; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -q --no-install-recommends $$missing; \
	else echo "make deps: all packages present"; fi

# ---- tests ---------------------------------------------------------------
check: check-style unit fuzz-run integration

unit: $(UNIT)
	$(UNIT)

integration: all
	tests/integration/run.sh

# Unit tests under AddressSanitizer and UndefinedBehaviorSanitizer, in a
# separate build tree so the normal objects stay untouched.
asan:
	$(MAKE) BUILD=build-asan OPT='-O1 -g -fno-omit-frame-pointer' \
	  XCFLAGS='-fsanitize=address,undefined -fno-sanitize-recover=all' \
	  LDFLAGS='-fsanitize=address,undefined' build-asan/tests/unit
	CK_FORK=no ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  build-asan/tests/unit

valgrind: $(UNIT)
	CK_FORK=no valgrind --error-exitcode=1 --leak-check=full \
	  --errors-for-leak-kinds=definite,indirect $(UNIT)

check-style:
	tests/style/checksrc.sh

# libFuzzer targets (tests/fuzz/fuzz_*.c), built with clang and the
# address and undefined-behaviour sanitizers in build-fuzz/. fuzz-run
# works on a copy of the seed corpus so the tracked seeds stay as they are.
fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang OPT='-O1 -g' \
	  XCFLAGS='-fsanitize=fuzzer-no-link,address,undefined' \
	  LDFLAGS='-fsanitize=fuzzer,address,undefined' fuzz-bins

fuzz-bins: $(patsubst %,$(BUILD)/fuzz/%,$(FUZZ_TARGETS))
.PRECIOUS: $(BUILD)/tests/fuzz/%.o

$(BUILD)/fuzz/%: $(BUILD)/tests/fuzz/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

fuzz-run: fuzz
	@for t in $(FUZZ_TARGETS); do \
	  seeds=tests/fuzz/corpus/$${t#fuzz_}; work=build-fuzz/corpus/$${t#fuzz_}; \
	  mkdir -p $$work && \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s" && \
	  build-fuzz/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 $$work $$seeds \
	    2>build-fuzz/$$t.log || { tail -n 40 build-fuzz/$$t.log; exit 1; }; \
	  grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added)' build-fuzz/$$t.log; \
	done

# Brings up the testbed, checks it against its validator, writes the
# results to results/demo/ and brings it down again (testbed/demo.sh).
demo: deps all
	testbed/demo.sh

# Every benchmark script prints its figures and a RESULT line.
bench: all
	@for b in tests/bench/*.sh; do echo "=== $$b"; bash $$b || exit 1; done

bench-transport: all
	bash tests/bench/transport.sh

bench-check: all
	bash tests/bench/check.sh

# The crawl end to end over a 100,000-domain testbed, beside dnsperf's
# ceiling (BENCH_DOMAINS=... for another size).
bench-crawl: all
	bash tests/bench/crawl.sh

# DNSSEC signature checks through engine/dnssec_sig against openssl speed.
bench-dnssec: all
	bash tests/bench/dnssec.sh

# Reads a generated 1.5-million-delegation zone (tests/bench/zonefile.sh).
bench-zonefile: $(ZFBENCH)
	BUILD=$(BUILD) bash tests/bench/zonefile.sh

bench-analyze: $(BIN) $(ANAGEN)
	BUILD=$(BUILD) bash tests/bench/analyze.sh

# tldhealth check against Debian's zonemaster-cli on the testbed, per test
# case (tests/parity/zonemaster.sh, docs/parity.md).
parity: all
	bash tests/parity/zonemaster.sh

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/tldhealth

clean:
	rm -rf build build-asan build-fuzz bin

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
