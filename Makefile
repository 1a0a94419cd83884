# Test harness for the Brute LSM patch series (Linux 6.12).
#
#   make check      build everything, boot the test VM, print one line per test
#   make demo       an attack on a setuid program, with Brute and without it
#   make series     export the series as git format-patch files (build/series/out)
#   make lint       check the exported series as a maintainer would
#   make bench      what Brute costs: the same kernel booted with and without it
#   make kernel | selftests | initramfs | tree | deps    single steps
#   make clean      remove build/ except the pristine source cache
#   make distclean  remove build/
#
# Variables: LINT_BUILDS=0 (make check without the builds of every patch and
# config variant that make lint runs: under 40 minutes on a fresh tree on
# 2 cores, a few after a change in Brute's code),
# KERNEL_SRC=/path/to/linux (pristine tree instead of Debian's
# linux-source-6.12), KVM=1 (try KVM, fall back to TCG), TIMEOUT=seconds per
# VM boot (default 1800), JOBS=parallel kernel build jobs (default: nproc),
# KERNEL_ARGS=extra kernel parameters (e.g. lsm=landlock leaves Brute out),
# BENCH_BOOTS, BENCH_ROUNDS (make bench).
# The steps are incremental; see harness/*.sh.

KERNEL_SRC ?=
KVM ?= 0
LINT_BUILDS ?= 1
TIMEOUT ?= 1800
JOBS ?= $(shell nproc)
KERNEL_ARGS ?=
export LINT_BUILDS KERNEL_SRC KVM TIMEOUT JOBS KERNEL_ARGS BENCH_BOOTS BENCH_ROUNDS

H := $(CURDIR)/harness
LOGS := $(CURDIR)/build/logs

.DEFAULT_GOAL := check
.PHONY: check demo bench series lint kernel selftests initramfs tree deps clean distclean

check: initramfs series
	@$(H)/run-vm.sh check
	@$(H)/run-vm.sh ramfs
	@$(H)/lint.sh
	@echo "==> results"
	@python3 $(H)/collect.py --logs $(LOGS) \
		--kselftest-list $(CURDIR)/build/kselftest/kselftest-list.txt \
		--extra $(LOGS)/lint.results

# The series as git format-patch files, in build/series/out.
series: tree
	@python3 $(H)/series.py

# The maintainer's checks of the exported series, with the builds of every
# patch and of the kernel without Brute, SECURITY_NETWORK, IPV6 or SYSCTL
# (make check runs them too, unless LINT_BUILDS=0).
lint: kernel series
	@LINT_BUILDS=1 $(H)/lint.sh
	@echo "==> results"
	@python3 $(H)/collect.py --modes= --extra $(LOGS)/lint.results

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
