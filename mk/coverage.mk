# mk/coverage.mk - `make coverage`: line and branch coverage of core/ and port/.
#
#   make coverage                 build with --coverage in $(BUILD)/cov, run the
#                                 unit tests and the integration tests that drive
#                                 core/port through the tools and the CLI, print
#                                 per-file and total line/branch coverage
#   COV_TESTS="tests/integration/test_engine.py ..."  only these integration tests
#   COV_UNIT_ONLY=1               unit tests only (quick)
#
# Uses gcov (gcc) and lcov from Debian (scripts/deps.sh).  The report: the
# table on stdout, $(BUILD)/cov/coverage.info (lcov tracefile, core/ and
# port/ only) and an HTML view in $(BUILD)/cov/html.  Files that the host
# build does not compile (port/lwip: see `make lwip-host`) are not measured.
.PHONY: coverage

COV_DIR := $(BUILD)/cov

coverage:
	@scripts/deps.sh --missing-only
	@$(MAKE) --no-print-directory BUILD=$(COV_DIR) CFLAGS="-O0 -g --coverage" STATIC=0 \
	    all tests-bin
	@scripts/coverage.sh $(COV_DIR)
