// Command scenarios runs every scenario of the chapter on a fresh database each and prints
// each run after a line "==> name <==".
package main

import (
	"context"
	"fmt"
	"os"

	"playbook.example/async-job-processing/internal/pgdb"
	"playbook.example/async-job-processing/scenarios"
)

func main() {
	scenarios.RunChild() // a worker process started by a scenario does its part and exits
	ctx := context.Background()
	for _, s := range scenarios.All {
		fmt.Printf("==> %s <==\n", s.Name)
		if err := run(ctx, s); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", s.Name, err)
			os.Exit(1)
		}
	}
}

func run(ctx context.Context, s scenarios.Scenario) error {
	name, pool, drop, err := pgdb.Create(ctx, s.Name)
	if err != nil {
		return err
	}
	defer drop()
	if err := scenarios.Setup(ctx, pool); err != nil {
		return err
	}
	return s.Run(ctx, scenarios.Env{DB: name, Pool: pool}, os.Stdout)
}
