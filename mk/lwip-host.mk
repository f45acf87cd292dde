# mk/lwip-host.mk - `make lwip-host`: the host test program of port/lwip.
#
#   make lwip-host      -> $(BUILD)/lwip-host/lwip_list
#
# tests/lwip/lwip_list.c lists a HIT through the tinyturk core + port/lwip
# (+ port/bearssl TLS, host libbearssl) on lwIP built from Debian's source
# package (scripts/board-deps.sh unpacks it into $(LWIP_TP), never
# committed) with the boards' shared options (port/lwip/tt_lwipopts.h, via
# tests/lwip/lwipopts.h) in NO_SYS mode, on Debian's port/netif/tapif.c.
# tests/integration/test_lwip_host.sh builds and runs it (root: a network
# namespace with a TAP device).  Not part of `all`.
.PHONY: lwip-host lwip-host-sources

LWIP_TP    ?= build/third_party/lwip
LWIPH      := $(BUILD)/lwip-host
LWIPH_SRC  := core/init.c core/def.c core/dns.c core/inet_chksum.c core/ip.c core/mem.c \
              core/memp.c core/netif.c core/pbuf.c core/stats.c core/tcp.c core/tcp_in.c \
              core/tcp_out.c core/timeouts.c core/udp.c core/ipv4/dhcp.c core/ipv4/etharp.c \
              core/ipv4/icmp.c core/ipv4/ip4.c core/ipv4/ip4_addr.c core/ipv4/ip4_frag.c \
              netif/ethernet.c
LWIPH_OBJ  := $(patsubst %.c,$(LWIPH)/lwip/%.o,$(LWIPH_SRC)) $(LWIPH)/lwip/tapif.o
# Our lwipopts.h first, Debian's port/include for arch/cc.h and tapif.h.
LWIPH_INC  := -Itests/lwip -Iport/lwip -isystem $(LWIP_TP)/port/include -isystem $(LWIP_TP)/src/include
LWIPH_OPTS := tests/lwip/lwipopts.h port/lwip/tt_lwipopts.h

lwip-host: lwip-host-sources
	@$(MAKE) --no-print-directory $(LWIPH)/lwip_list $(LWIPH)/seen_check

lwip-host-sources:
	@[ -f $(LWIP_TP)/src/core/tcp.c ] && [ -f $(LWIP_TP)/port/netif/tapif.c ] || scripts/board-deps.sh $(dir $(LWIP_TP))

# Third party: relaxed flags (lwIP is not written for our warning set).
$(LWIPH)/lwip/%.o: $(LWIP_TP)/src/%.c $(LWIPH_OPTS)
	@mkdir -p $(dir $@)
	$(CC) -std=gnu99 -O2 -g -w $(LWIPH_INC) -c $< -o $@

$(LWIPH)/lwip/tapif.o: $(LWIP_TP)/port/netif/tapif.c $(LWIPH_OPTS)
	@mkdir -p $(dir $@)
	$(CC) -std=gnu99 -O2 -g -w -D_DEFAULT_SOURCE $(LWIPH_INC) -c $< -o $@

# Ours: the project's warning set.
$(LWIPH)/tt_lwip.o: port/lwip/tt_lwip.c port/lwip/tt_lwip.h $(LWIPH_OPTS)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 -g $(SAN_FLAGS) -D_DEFAULT_SOURCE -Icore -Iport $(LWIPH_INC) -c $< -o $@

$(LWIPH)/lwip_list.o: tests/lwip/lwip_list.c port/lwip/tt_lwip.h $(LWIPH_OPTS)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 -g $(SAN_FLAGS) -D_DEFAULT_SOURCE $(INCS) $(LWIPH_INC) -c $< -o $@

$(LWIPH)/lwip_list: $(LWIPH)/lwip_list.o $(LWIPH)/tt_lwip.o $(LWIPH_OBJ) $(LIB)
	$(CC) $(SAN_FLAGS) -o $@ $^ $(LDLIBS)

# The kiosk's dedupe table, on the host with a tiny geometry
# (tests/lwip/kiosk_config.h stands in for the board's generated header).
$(LWIPH)/seen_check: tests/lwip/seen_check.c boards/mps2-an386/kiosk_seen.c boards/mps2-an386/kiosk_seen.h \
                     tests/lwip/kiosk_config.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 -g $(SAN_FLAGS) -Itests/lwip -Iboards/mps2-an386 -Itests -o $@ \
	    tests/lwip/seen_check.c boards/mps2-an386/kiosk_seen.c
