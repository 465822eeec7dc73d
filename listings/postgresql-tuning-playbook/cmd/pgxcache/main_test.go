package main

import (
	"fmt"

	"github.com/jackc/pgx/v5"
)

// The same setting as connect's, in a connection string: what a pool's configuration file can hold.
func Example_connectionString() {
	config, err := pgx.ParseConfig("postgres://app@pgbouncer.internal:6432/shop?default_query_exec_mode=exec")
	if err != nil {
		panic(err)
	}
	fmt.Println(modeName(config.DefaultQueryExecMode))
	fmt.Println(config.Port, config.Database)
	// Output:
	// QueryExecModeExec
	// 6432 shop
}
