# The two commands of the README. Both do all set-up on a fresh Debian 12 machine.
.PHONY: run test bench

## Runs the desktop app on the default database (the demo institution on first start).
run:
	scripts/run-desktop.sh

## Runs every test: unit, CLI black-box, PDF, snapshot and the desktop end-to-end tests.
test:
	scripts/test.sh

## Runs the speed benchmarks (release build) and prints each figure against its budget.
bench:
	bench/run.sh
