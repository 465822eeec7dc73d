package race_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"playbook.example/api-rate-limiting/internal/redisenv"
	"playbook.example/api-rate-limiting/race"
)

func TestInterleavings(t *testing.T) {
	rdb := redisenv.ForTest(t)
	now := func() time.Time { return time.Date(2019, 2, 12, 9, 0, 0, 0, time.UTC) }
	var trace strings.Builder
	got, err := race.Run(context.Background(), rdb.Options(), redisenv.Prefix(t), now, &trace)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]race.Outcome{
		"GET then SET":               {A: true, B: true}, // the race: both spend the one token
		"WATCH, GET, MULTI/SET/EXEC": {A: true, B: false},
		"one script":                 {A: true, B: false},
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: admitted A=%v B=%v, want A=%v B=%v\n%s", name, got[name].A, got[name].B, w.A, w.B, trace.String())
		}
	}
	// The schedule really interleaved: B read before A wrote.
	lines := trace.String()
	if strings.Index(lines, "B  GET") > strings.Index(lines, "A  SET") {
		t.Errorf("B's GET came after A's SET: the schedule did not interleave\n%s", lines)
	}
	if strings.Contains(lines, rdb.Options().Password) && rdb.Options().Password != "" {
		t.Error("the trace shows the server's password")
	}
}
