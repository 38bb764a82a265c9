# neardup - plain GNU make, no configure step. `make help` lists the targets.

PREFIX       ?= /usr/local
DESTDIR      ?=
BINDIR       ?= $(PREFIX)/bin
LIBDIR       ?= $(PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
MANDIR       ?= $(PREFIX)/share/man/man1
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

CC      ?= cc
BUILD   ?= build
OPT     ?= -O2 -g
SAN     ?=
WERROR  ?= -Werror
Q       ?= @

WARN = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
       -Wmissing-prototypes -Wcast-qual -Wcast-align -Wundef -Wvla -Wformat=2 \
       -Wwrite-strings -Wpointer-arith -Wswitch-enum $(WERROR)
# -Wconversion only where we own every line: the library and the CLI
# (cmocka's macros are not -Wconversion clean).
STRICT = -Wconversion

DEP_CFLAGS := $(shell pkg-config --cflags libxxhash libcjson 2>/dev/null)
DEP_LIBS   := $(shell pkg-config --libs libxxhash libcjson 2>/dev/null) -lunistring -lz -lm -pthread
CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

CPPFLAGS += -Iinclude -D_POSIX_C_SOURCE=200809L
ALLCFLAGS = $(OPT) $(SAN) $(WARN) $(CFLAGS) -MMD -MP

LIB_SRC  := $(sort $(wildcard src/lib/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TOOL_SRC := $(sort $(wildcard tools/*.c))
# Fuzz targets (STYLE B9): tests/fuzz/fuzz_NAME.c, built by make tests with the
# build's own compiler and flags around tests/fuzz/replay.c as
# $(BUILD)/fuzz/replay_NAME, which make check runs on tests/fuzz/corpus/NAME.
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_BIN := $(TOOL_SRC:tools/%.c=$(BUILD)/tools/%)
FUZZ_REPLAY_BIN := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=$(BUILD)/fuzz/replay_%)

SOVERSION = 0
STATIC = $(BUILD)/libneardup.a
SHARED = $(BUILD)/libneardup.so.$(SOVERSION)
PROG   = $(BUILD)/neardup

.PHONY: all lib deps demo check test test-run asan sanitize valgrind bench install \
        uninstall clean help tests tools golden

all: lib $(PROG) ## build the library (static, shared) and the neardup program

lib: $(STATIC) $(SHARED) $(BUILD)/libneardup.pc

$(BUILD)/src/lib/%.o: src/lib/%.c
	@mkdir -p $(@D)
	@echo CC $<
	$(Q)$(CC) $(CPPFLAGS) -DND_BUILDING -fPIC -fvisibility=hidden -pthread $(DEP_CFLAGS) $(ALLCFLAGS) $(STRICT) -c $< -o $@

$(BUILD)/src/cli/%.o: src/cli/%.c
	@mkdir -p $(@D)
	@echo CC $<
	$(Q)$(CC) $(CPPFLAGS) $(ALLCFLAGS) $(STRICT) -c $< -o $@

$(STATIC): $(LIB_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(SHARED): $(LIB_OBJ)
	$(Q)$(CC) -shared -Wl,-soname,libneardup.so.$(SOVERSION) $(OPT) $(SAN) $(LDFLAGS) -o $@ $^ $(DEP_LIBS)
	ln -sf libneardup.so.$(SOVERSION) $(BUILD)/libneardup.so

$(PROG): $(CLI_OBJ) $(STATIC)
	$(Q)$(CC) $(OPT) $(SAN) $(LDFLAGS) -o $@ $(CLI_OBJ) $(STATIC) $(DEP_LIBS) -lpthread

$(BUILD)/libneardup.pc: libneardup.pc.in Makefile
	@mkdir -p $(@D)
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(shell sed -n 's/^#define ND_VERSION_MAJOR //p' include/neardup.h).$(shell sed -n 's/^#define ND_VERSION_MINOR //p' include/neardup.h).$(shell sed -n 's/^#define ND_VERSION_PATCH //p' include/neardup.h)|' $< > $@

# Unit tests may reach private headers (src/lib) to test one stage alone.
$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h $(STATIC)
	@mkdir -p $(@D)
	@echo CC $<
	$(Q)$(CC) $(CPPFLAGS) -Isrc/lib $(DEP_CFLAGS) $(CMOCKA_CFLAGS) $(ALLCFLAGS) -o $@ $< $(STATIC) $(CMOCKA_LIBS) $(DEP_LIBS)

$(BUILD)/tools/%: tools/%.c
	@mkdir -p $(@D)
	@echo CC $<
	$(Q)$(CC) $(CPPFLAGS) $(ALLCFLAGS) $(STRICT) -o $@ $< -lm

# A fuzz target without libFuzzer: replay.c feeds it the files of a corpus.
$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(STATIC)
	@mkdir -p $(@D)
	@echo CC $<
	$(Q)$(CC) $(CPPFLAGS) -Isrc/lib $(DEP_CFLAGS) $(ALLCFLAGS) -o $@ tests/fuzz/replay.c $< $(STATIC) $(DEP_LIBS)

tests: $(TEST_BIN) $(PROG) $(TOOL_BIN) $(FUZZ_REPLAY_BIN)
tools: $(TOOL_BIN)

deps: ## install missing Debian packages (apt-get; sudo when not root)
	@sh scripts/install-deps.sh

demo: deps ## install packages, build, and group the project's own news fixtures
	@$(MAKE) --no-print-directory all
	@echo "== neardup cluster fixtures/news/articles.jsonl --groups - (groups of 2 or more)"
	@$(PROG) cluster --groups - -o /dev/null fixtures/news/articles.jsonl

ASAN_FLAGS = BUILD=build/asan OPT="-O1 -g" \
  SAN="-fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all -fno-omit-frame-pointer"

check: deps ## install packages, build; every test plain, under ASan+UBSan, and valgrind; ends "N passed, N failed"
	@$(MAKE) --no-print-directory tests
	@$(MAKE) --no-print-directory $(ASAN_FLAGS) tests
	@sh tests/run.sh $(BUILD) build/asan

test: check

test-run: tests ## run the tests of one build (BUILD=...) without installing anything
	@sh tests/run.sh $(BUILD)

asan: deps ## only the sanitizer build of the suite (build/asan)
	@$(MAKE) --no-print-directory $(ASAN_FLAGS) test-run

sanitize: asan

valgrind: tests ## the unit tests under valgrind memcheck
	@for t in $(TEST_BIN); do valgrind -q --error-exitcode=9 --leak-check=full $$t >/dev/null || exit 1; done; echo "valgrind: clean"

bench: deps ## build and measure speed, memory and quality (docs/benchmarks.md)
	@$(MAKE) --no-print-directory all tools
	@sh bench/run.sh $(BUILD)

# libFuzzer (clang): the library and each target with coverage and
# ASan+UBSan in $(FUZZ_BUILD); each runs FUZZ_SECONDS on a working corpus
# ($(FUZZ_BUILD)/corpus/NAME, seeded from tests/fuzz/corpus/NAME); crashes are
# saved as $(FUZZ_BUILD)/crash-NAME-* and stop that target. Without CC=...,
# clang is used. FUZZ_FLAGS passes libFuzzer flags, e.g. "-fork=1
# -ignore_crashes=1" to go on past known crashes.
FUZZ_BUILD   ?= build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   ?=
FUZZ_CC      := $(if $(filter default,$(origin CC)),clang,$(CC))
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_BIN     := $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_BUILD)/%)

.PHONY: fuzz fuzz-build
fuzz: ## build the libFuzzer targets (clang) in build/fuzz and run each for FUZZ_SECONDS (60)
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) OPT="-O1 -g" WERROR= \
	  SAN="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" fuzz-build
	@failed=""; for t in $(FUZZ_BIN); do \
	  name=$${t##*/fuzz_}; mkdir -p $(FUZZ_BUILD)/corpus/$$name; \
	  echo "== $$t ($(FUZZ_SECONDS) s)"; \
	  $$t -max_total_time=$(FUZZ_SECONDS) -timeout=20 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_BUILD)/crash-$$name- $(FUZZ_FLAGS) \
	    $(FUZZ_BUILD)/corpus/$$name tests/fuzz/corpus/$$name || failed="$$failed $$name"; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: crashed:$$failed (see $(FUZZ_BUILD)/crash-*)"; exit 1; fi

fuzz-build: $(FUZZ_BIN)

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(STATIC)
	@mkdir -p $(@D)
	@echo CC $<
	$(Q)$(CC) $(CPPFLAGS) -Isrc/lib $(DEP_CFLAGS) $(OPT) $(WARN) -fsanitize=fuzzer $(FUZZ_SAN) \
	  -o $@ $< $(STATIC) $(DEP_LIBS)

golden: all ## rewrite the golden files of the CLI tests on purpose
	@NEARDUP_GOLDEN=write sh tests/run.sh $(BUILD)

install: all ## install program, library, header, pkg-config file and man page
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) \
	  $(DESTDIR)$(MANDIR) $(DESTDIR)$(PKGCONFIGDIR)
	install -m 755 $(PROG) $(DESTDIR)$(BINDIR)/neardup
	install -m 644 $(STATIC) $(DESTDIR)$(LIBDIR)/libneardup.a
	install -m 755 $(SHARED) $(DESTDIR)$(LIBDIR)/libneardup.so.$(SOVERSION)
	ln -sf libneardup.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libneardup.so
	install -m 644 include/neardup.h $(DESTDIR)$(INCLUDEDIR)/neardup.h
	install -m 644 $(BUILD)/libneardup.pc $(DESTDIR)$(PKGCONFIGDIR)/libneardup.pc
	install -m 644 docs/neardup.1 $(DESTDIR)$(MANDIR)/neardup.1

uninstall: ## remove what install put in place
	rm -f $(DESTDIR)$(BINDIR)/neardup $(DESTDIR)$(LIBDIR)/libneardup.a \
	  $(DESTDIR)$(LIBDIR)/libneardup.so $(DESTDIR)$(LIBDIR)/libneardup.so.$(SOVERSION) \
	  $(DESTDIR)$(INCLUDEDIR)/neardup.h $(DESTDIR)$(PKGCONFIGDIR)/libneardup.pc \
	  $(DESTDIR)$(MANDIR)/neardup.1

clean: ## remove build/
	rm -rf build

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -e 's/:.*## /\t/' | expand -t 12

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
