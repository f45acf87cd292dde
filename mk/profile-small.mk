# mk/profile-small.mk - the device profile (TT_PROFILE_SMALL, core/tt_config.h)
# on the host: `make profile-small` builds core with -DTT_PROFILE_SMALL=1 and
# with every feature, runs the same checks against both and compares what
# both must do identically (tests/integration/test_profile_small.sh, also run
# by `make integration`).
.PHONY: profile-small
profile-small:
	@CC="$(CC)" bash tests/integration/test_profile_small.sh
