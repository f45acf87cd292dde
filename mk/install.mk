# mk/install.mk - `make install` / `make uninstall`.
#
#   make install                          # into /usr/local
#   make install PREFIX=/usr DESTDIR=/tmp/stage
#   make uninstall PREFIX=/usr DESTDIR=/tmp/stage   # same PREFIX/DESTDIR as install
#
# Installs (DESTDIR is prepended to every path, PREFIX is what the files and
# tinyturk.pc say):
#   $(bindir)/tinyturk                     the CLI ($(BUILD)/tinyturk)
#   $(mandir)/man1/tinyturk.1              its man page
#   $(libdir)/libtinyturk.a                core + POSIX and BearSSL ports
#   $(includedir)/tinyturk/*.h             core/*.h, port/posix/*.h, port/bearssl/*.h
#   $(pkgconfigdir)/tinyturk.pc            Cflags: -I$(includedir)/tinyturk
#                                          Libs: -ltinyturk -lbearssl
# Headers go into their own directory because they include each other by bare
# name ("tt_base.h") and those names are too generic for include/ itself:
# programs write #include "tinyturk.h" (or <tinyturk.h>) and take the -I from
# pkg-config.
#
# Static library only, on purpose: the public structs (tt_client,
# tt_page_decoder, ...) are sized by core/tt_config.h options, so every
# configuration is a different ABI; a shared library would pin one and break
# programs built with other options.  The installed archive is built with the
# default tt_config.h; a firmware with other limits compiles the sources
# itself (tinyturk.mk, tinyturkFilePaths.cmake, `make lib`).
#
# uninstall removes exactly the files install writes (the list is the same
# variable), then the include/tinyturk directory if it is empty; it leaves
# the standard directories (bin, lib, ...) alone.

PREFIX       ?= /usr/local
DESTDIR      ?=
bindir       ?= $(PREFIX)/bin
libdir       ?= $(PREFIX)/lib
includedir   ?= $(PREFIX)/include
mandir       ?= $(PREFIX)/share/man
pkgconfigdir ?= $(libdir)/pkgconfig
INSTALL      ?= install

INST_HEADERS := $(sort $(wildcard core/*.h)) $(sort $(wildcard port/posix/*.h port/bearssl/*.h))
INST_INCDIR   = $(DESTDIR)$(includedir)/tinyturk
INST_FILES    = $(DESTDIR)$(bindir)/tinyturk $(DESTDIR)$(mandir)/man1/tinyturk.1 \
                $(DESTDIR)$(libdir)/libtinyturk.a $(DESTDIR)$(pkgconfigdir)/tinyturk.pc \
                $(addprefix $(INST_INCDIR)/,$(notdir $(INST_HEADERS)))
TT_VERSION_STR = $(shell sed -n 's/^\#define TT_VERSION_STRING "\(.*\)"/\1/p' core/tinyturk.h)

.PHONY: install uninstall pc

# libdir/includedir relative to ${prefix} in the .pc when they are under it.
pc_rel = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))

pc: $(BUILD)/tinyturk.pc

# Regenerated every time: PREFIX may differ from the last run.
.PHONY: $(BUILD)/tinyturk.pc
$(BUILD)/tinyturk.pc: tinyturk.pc.in core/tinyturk.h
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(call pc_rel,$(libdir))|g' \
	    -e 's|@INCLUDEDIR@|$(call pc_rel,$(includedir))|g' -e 's|@VERSION@|$(TT_VERSION_STR)|g' $< > $@

install: $(LIB) $(CLI) $(BUILD)/tinyturk.pc
	$(INSTALL) -d $(DESTDIR)$(bindir) $(DESTDIR)$(mandir)/man1 $(DESTDIR)$(libdir) \
	    $(DESTDIR)$(pkgconfigdir) $(INST_INCDIR)
	$(INSTALL) -m 755 $(CLI) $(DESTDIR)$(bindir)/tinyturk
	$(INSTALL) -m 644 boards/linux/tinyturk.1 $(DESTDIR)$(mandir)/man1/tinyturk.1
	$(INSTALL) -m 644 $(LIB) $(DESTDIR)$(libdir)/libtinyturk.a
	$(INSTALL) -m 644 $(BUILD)/tinyturk.pc $(DESTDIR)$(pkgconfigdir)/tinyturk.pc
	$(INSTALL) -m 644 $(INST_HEADERS) $(INST_INCDIR)/

uninstall:
	rm -f $(INST_FILES)
	@if [ -d $(INST_INCDIR) ]; then rmdir $(INST_INCDIR) 2>/dev/null || \
	    echo "uninstall: $(INST_INCDIR) kept: it holds files tinyturk did not install"; fi
