# mk/docs.mk - `make docs`: the API reference of the public headers (core/,
# port/) with Doxygen, into $(BUILD)/docs/html/index.html.
#
# docs/Doxyfile holds the settings; docs/doxyfilter.py lets Doxygen read the
# headers' plain C comments as documentation (see its header).  Any Doxygen
# warning - an undocumented public function, type, member, macro or error
# code, or a malformed comment - fails the target and is printed
# ($(BUILD)/docs/warnings.log keeps them).  Needs doxygen (Debian package
# doxygen; scripts/deps.sh installs it).

.PHONY: docs
DOXYGEN ?= doxygen

docs:
	@command -v $(DOXYGEN) >/dev/null || \
	    { echo "docs: $(DOXYGEN) not found (apt-get install doxygen; scripts/deps.sh lists it)"; exit 1; }
	@rm -rf $(BUILD)/docs && mkdir -p $(BUILD)/docs
	@{ cat docs/Doxyfile; \
	   echo "OUTPUT_DIRECTORY = $(BUILD)/docs"; \
	   echo "WARN_LOGFILE = $(BUILD)/docs/warnings.log"; \
	   echo "PROJECT_NUMBER = $$(sed -n 's/^#define TT_VERSION_STRING "\(.*\)"/\1/p' core/tinyturk.h)"; \
	 } | $(DOXYGEN) - >$(BUILD)/docs/doxygen.log 2>&1; rc=$$?; \
	 if [ $$rc -ne 0 ] || [ -s $(BUILD)/docs/warnings.log ]; then \
	     cat $(BUILD)/docs/doxygen.log $(BUILD)/docs/warnings.log; \
	     echo "docs: FAILED: $$(grep -c . $(BUILD)/docs/warnings.log) warning(s) (doxygen exit $$rc)"; exit 1; \
	 fi
	@echo "docs: $(BUILD)/docs/html/index.html (no warnings)"
