# Test harness for the Brute LSM patch series, on every kernel base of
# harness/bases: Linux 7.3 (upstream) and 6.12 LTS (the backport).
#
#   make check      for each base: build the kernel, boot the test VM, check
#                   the exported series; on the upstream base also boot
#                   Debian 12; print one line per test, named [BASE], then
#                   "N passed, N failed"
#   make debian     boot Debian 12 (systemd as PID 1) on the test kernel of
#                   BASE and check it lives with Brute (part of make check,
#                   on the upstream base)
#   make demo       an attack on a setuid program, with Brute and without it
#   make series     export the series as git format-patch files
#                   (build/BASE/series/out)
#   make lint       check the exported series as a maintainer would
#   make bench      what Brute costs: the same kernel booted with and without it
#   make kernel | selftests | initramfs | tree | deps    single steps
#   make clean      remove build/ except the cache (pristine sources,
#                   Debian image)
#   make distclean  remove build/
#
# Variables: BASE=7.3|6.12 (the base of every target but check; default:
# the upstream base, 7.3), BASES="7.3 6.12" (the bases make check runs),
# LINT_BUILDS=0 (make check without the builds of every patch and config
# variant that make lint runs on the upstream base), KERNEL_SRC=/path/to/linux
# (pristine tree of BASE instead of Debian's package), KVM=1 (try KVM, fall
# back to TCG), TIMEOUT=seconds per VM boot (default 1800), JOBS=parallel
# kernel build jobs (default: nproc), KERNEL_ARGS=extra kernel parameters
# (e.g. lsm=landlock leaves Brute out), BENCH_BOOTS, BENCH_ROUNDS (make bench).
# The steps are incremental; see harness/*.sh.

ALL_BASES := $(shell awk '!/^\#/ && NF {print $$1}' harness/bases)
UPSTREAM := $(firstword $(ALL_BASES))
BASE ?= $(UPSTREAM)
BASES ?= $(ALL_BASES)
KERNEL_SRC ?=
KVM ?= 0
LINT_BUILDS ?= 1
TIMEOUT ?= 1800
JOBS ?= $(shell nproc)
KERNEL_ARGS ?=
export BASE LINT_BUILDS KERNEL_SRC KVM TIMEOUT JOBS KERNEL_ARGS BENCH_BOOTS BENCH_ROUNDS

H := $(CURDIR)/harness
B := $(CURDIR)/build

.DEFAULT_GOAL := check
.PHONY: check check-base debian demo bench series lint kernel selftests initramfs tree deps clean distclean

# The VM boots of the distribution boot (harness/debian.sh); make check runs
# them on the upstream base only: check_modes is the list of VM modes whose
# consoles collect.py reads for the base $(1).
COMMA := ,
DEBIAN_MODES := debian,debian-reboot,debian-off
check_modes = check,ramfs$(if $(filter $(UPSTREAM),$(1)),$(COMMA)$(DEBIAN_MODES))

# Every base in turn, then one report. The full lint (a build of every patch
# and config variant) and the distribution boot run on the upstream base; the
# other bases get the quick lint (git am, checkpatch, kernel-doc, sparse,
# W=1, ...).
check: deps
	@for b in $(BASES); do \
		echo "==> base $$b"; \
		$(MAKE) --no-print-directory check-base BASE=$$b \
			LINT_BUILDS=$$([ $$b = $(UPSTREAM) ] && echo $(LINT_BUILDS) || echo 0) || exit 1; \
	done
	@echo "==> results"
	@python3 $(H)/collect.py $(foreach b,$(BASES),\
		--base $(b):$(B)/$(b)/logs:$(B)/$(b)/kselftest/kselftest-list.txt:$(call check_modes,$(b)):$(B)/$(b)/logs/lint.results)

# On the upstream base the distribution boot runs while the series is
# linted: its VM leaves part of the CPUs idle (waiting on the guest's
# timers, its disk and network), the builds of the lint fill it. Its output
# lines start with "[debian]"; collect.py judges its consoles, whatever its
# exit status.
check-base: initramfs series
	@$(H)/run-vm.sh check
	@$(H)/run-vm.sh ramfs
	@if [ $(BASE) = $(UPSTREAM) ]; then \
		{ $(H)/debian.sh 2>&1 | sed -u 's/^/[debian] /'; } & debian=$$!; \
		$(H)/lint.sh; status=$$?; \
		wait $$debian; exit $$status; \
	else \
		$(H)/lint.sh; \
	fi

# The distribution boot alone, on BASE (default: the upstream base): Debian
# 12 with systemd as PID 1 on the test kernel, booted with Brute, again on
# the same disk, and without Brute.
debian: kernel selftests
	@$(H)/debian.sh || true
	@echo "==> results"
	@python3 $(H)/collect.py --base $(BASE):$(B)/$(BASE)/logs::$(DEBIAN_MODES):

# The series as git format-patch files, in build/BASE/series/out.
series: tree
	@python3 $(H)/series.py

# The maintainer's checks of the exported series, with the builds of every
# patch and of the kernel without Brute, SECURITY_NETWORK, IPV6 or SYSCTL
# (make check runs them too, unless LINT_BUILDS=0).
lint: kernel series
	@LINT_BUILDS=1 $(H)/lint.sh
	@echo "==> results"
	@python3 $(H)/collect.py --base $(BASE):$(B)/$(BASE)/logs:::$(B)/$(BASE)/logs/lint.results

# BENCH_BOOTS boots per kernel (default 2), BENCH_ROUNDS rounds per boot (3).
bench: tree
	@$(H)/bench.sh

demo: initramfs
	@$(H)/run-vm.sh demo
	@$(H)/run-vm.sh demo-off

initramfs: kernel selftests
	@$(H)/initramfs.sh

selftests: kernel
	@$(H)/selftests.sh

kernel: tree
	@$(H)/kernel.sh

tree: deps
	@$(H)/tree.sh

deps:
	@$(H)/deps.sh

clean:
	@mkdir -p build
	find build -mindepth 1 -maxdepth 1 ! -name cache -exec rm -rf {} +

distclean:
	rm -rf build
