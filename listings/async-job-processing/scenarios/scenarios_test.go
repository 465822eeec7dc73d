package scenarios_test

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"playbook.example/async-job-processing/internal/pgdb"
	"playbook.example/async-job-processing/scenarios"
)

func TestMain(m *testing.M) {
	scenarios.RunChild() // the scenarios start this test binary again as a worker process
	os.Exit(m.Run())
}

func run(t *testing.T, name string) string {
	t.Helper()
	for _, s := range scenarios.All {
		if s.Name != name {
			continue
		}
		db, pool := pgdb.ForTest(t)
		ctx := context.Background()
		if err := scenarios.Setup(ctx, pool); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := s.Run(ctx, scenarios.Env{DB: db, Pool: pool}, &out); err != nil {
			t.Fatalf("%v\n%s", err, out.String())
		}
		return out.String()
	}
	t.Fatalf("no scenario %s", name)
	return ""
}

func endLine(t *testing.T, out string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^end: (.*)$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no end line in\n%s", out)
	}
	return m[1]
}

func TestScenarios(t *testing.T) {
	want := map[string]string{
		// The payment committed, its job never existed.
		"enqueue_after_commit": "payments [1] | charge jobs for payments []",
		// Killed before the commit: neither; committed: both; rolled back: neither.
		"enqueue_in_tx": "payments [2] | charge jobs for payments [2]",
		"unique":        "live jobs per key [reconcile-account-7=1 reconcile-account-8=1]",
		"retries":       "job 1 dead after 5 attempts job 2 dead after 1 attempts",
		"stuck":         "job 1 done after 3 attempts job 2 dead after 2 attempts",
		"payment_naive": "provider requests 3, charges 3 [4999 4999 4999]",
		"payment_table": "provider requests 2, charges 2 [4999 4999]",
		"payment_key":   "provider requests 2, charges 1 [4999]",
		// A 409 for a key still in flight is retried, not dead-lettered.
		"payment_concurrent": "provider requests 3, charges 1 | job 1 done after 3 attempts",
		"river":              "states [2:available 3:completed 5:scheduled]",
	}
	for name, w := range want {
		t.Run(name, func(t *testing.T) {
			t.Parallel() // each scenario has a database and worker processes of its own
			out := run(t, name)
			if got := endLine(t, out); got != w {
				t.Errorf("end: %s\nwant: %s\n%s", got, w, out)
			}
		})
	}
	t.Run("scheduled", func(t *testing.T) {
		t.Parallel()
		out := run(t, "scheduled")
		if !strings.Contains(out, "+59m59.999s worker claims: nothing due") ||
			!strings.Contains(out, "+1h0m0s     worker claims: job 1 (receipt), attempt 1") {
			t.Errorf("the job was not due exactly at +1h:\n%s", out)
		}
	})
}
