module playbook.example/go-struct-field-alignment

go 1.26.0

tool (
	golang.org/x/perf/cmd/benchstat
	golang.org/x/tools/go/analysis/passes/fieldalignment/cmd/fieldalignment
)

require golang.org/x/tools v0.52.0

require (
	github.com/aclements/go-moremath v0.0.0-20210112150236-f10218a38794 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/perf v0.0.0-20260908200009-22c9c6c9d4da // indirect
	golang.org/x/sync v0.24.0 // indirect
)
