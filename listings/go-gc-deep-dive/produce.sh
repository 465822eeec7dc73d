#!/usr/bin/env bash
# Producers of this folder's records that take more than one command; records.toml runs them as
#   bash produce.sh <producer> [arguments]
# and each prints the record's text on standard output. The optional arguments make the smaller
# runs that `make listings` checks (the check_command of each measurement).
set -euo pipefail
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT

build() { go build -o "$bin/$1" "./cmd/$1"; }

# One run of the stand-in service with GODEBUG=gctrace=1, the trace and the summary in one stream.
# Settings such as GOGC=100 come first, then gcload's flags; the binary is built first, so that
# the trace is the program's and not the go command's own.
gctrace() {
	local settings=()
	while [[ ${1:-} == *=* ]]; do settings+=("$1"); shift; done
	build gcload
	env GODEBUG=gctrace=1 "${settings[@]}" "$bin/gcload" "$@" 2>&1
}

# Which collector each build has: Go 1.26.8 and Go 1.27.0, each with and without the opt-out.
collector() {
	go run ./cmd/collector
	GOEXPERIMENT=nogreenteagc go run ./cmd/collector
	GOTOOLCHAIN=go1.27.0 go run ./cmd/collector
	GOTOOLCHAIN=go1.27.0 GOEXPERIMENT=nogreenteagc go run ./cmd/collector
}

# The stand-in service at four GOGC values, then with the two reductions at GOGC=100.
service() {
	local requests=${1:-80000}
	build gcload
	for value in 50 100 200 400; do GOGC=$value "$bin/gcload" -live 64 -requests "$requests"; done
	for render in prealloc pool; do GOGC=100 "$bin/gcload" -live 64 -requests "$requests" -render "$render"; done
}

# The live heap grown step by step toward GOMEMLIMIT=128MiB and past it, with GOGC=100 and off.
nearlimit() {
	local requests=${1:-20000}
	build nearlimit
	GOMEMLIMIT=128MiB GOGC=100 "$bin/nearlimit" -requests "$requests"
	echo
	GOMEMLIMIT=128MiB GOGC=off "$bin/nearlimit" -requests "$requests"
}

# A heap profile since the start and a delta profile over a window, each read with pprof.
allocprofile() {
	local requests=${1:-60000} seconds=${2:-2}
	build allocprofile
	"$bin/allocprofile" -out "$bin" -requests "$requests" -seconds "$seconds"
	for index in alloc_space inuse_space; do
		echo
		echo "\$ go tool pprof -sample_index=$index -unit=MB -top -nodecount=5 lifetime.pprof"
		go tool pprof -sample_index=$index -unit=MB -top -nodecount=5 "$bin/lifetime.pprof" 2>&1
	done
	echo
	echo "\$ go tool pprof -sample_index=alloc_space -unit=MB -top -nodecount=5 window.pprof"
	go tool pprof -sample_index=alloc_space -unit=MB -top -nodecount=5 "$bin/window.pprof" 2>&1
}

# The reductions' benchmarks, then benchstat's comparison of each group, as four sections.
bench_reduce() {
	local count=${1:-10} benchtime=${2:-1s}
	go test -run '^$' -bench . -benchmem -count "$count" -benchtime "$benchtime" ./reduce >"$bin/reduce.txt"
	echo "==> reduce_bench <=="
	cat "$bin/reduce.txt"
	local group
	for group in render:Render cachekey:CacheKey render_parallel:RenderParallel; do
		echo "==> benchstat_${group%%:*} <=="
		go tool benchstat -col /impl -filter ".name:${group#*:}" "$bin/reduce.txt"
	done
}

# Marking benchmarks with Green Tea on and off, in Go 1.26.8 and Go 1.27.0: one run of each build
# per round, so that changes in the machine's load fall on all four alike. Prints every build's
# runs, each benchmark named after its build (BenchmarkGo126On/Mark/...), then benchstat's
# comparison per release, then per collector across the releases. With a third argument, `default`, only the default Go 1.26.8 build runs:
# the check that `make listings` does. The other toolchains are pinned, so their runs cannot change
# unless this code does, and on a cold build cache they would cost minutes (three more standard
# libraries); their comparisons then say that they were not run, and their claims are checked on
# the record.
bench_marking() {
	local rounds=${1:-10} benchtime=${2:-10x} only=${3:-}
	local builds=(go1.26.8:Go126On go1.26.8:Go126Off go1.27.0:Go127On go1.27.0:Go127Off)
	[ "$only" = default ] && builds=(go1.26.8:Go126On)
	local round build
	for round in $(seq "$rounds"); do
		for build in "${builds[@]}"; do
			local experiment=""
			[[ $build == *Off ]] && experiment=nogreenteagc
			GOTOOLCHAIN=${build%%:*} GOEXPERIMENT=$experiment \
				go test -run '^$' -bench . -benchtime "$benchtime" -count 1 ./marking >>"$bin/${build#*:}.txt"
		done
	done
	echo "==> marking_raw <=="
	for build in "${builds[@]}"; do
		sed "s|^BenchmarkMark/|Benchmark${build#*:}/Mark/|" "$bin/${build#*:}.txt"
	done
	local release
	for release in go1.26.8:Go126 go1.27.0:Go127; do
		local label=${release#*:}
		echo "==> marking_${label,,} <=="
		if [ -f "$bin/${label}Off.txt" ]; then
			go tool benchstat "${release%%:*} nogreenteagc=$bin/${label}Off.txt" "${release%%:*} greentea=$bin/${label}On.txt"
		else
			echo "(not run in this check: make record MEASURE=1 runs both builds)"
		fi
	done
	# The same collector in the two releases: is a difference between their savings real?
	echo "==> marking_releases <=="
	if [ -f "$bin/Go127On.txt" ]; then
		local collector
		for collector in On:greentea Off:nogreenteagc; do
			go tool benchstat "go1.26.8 ${collector#*:}=$bin/Go126${collector%%:*}.txt" \
				"go1.27.0 ${collector#*:}=$bin/Go127${collector%%:*}.txt"
		done
	else
		echo "(not run in this check: make record MEASURE=1 runs both releases)"
	fi
}

"$@"
