package gctrace

import "testing"

func TestParse(t *testing.T) {
	got, err := Parse("gc 21 @1.892s 13%: 0.18+25+0.006 ms clock, 0.37+0/8.1/37+0.012 ms cpu, 130->130->65 MB, 165 MB goal, 0 MB stacks, 0 MB globals, 2 P (forced)")
	if err != nil {
		t.Fatal(err)
	}
	want := Cycle{N: 21, AtSeconds: 1.892, CPUPercent: 13, SweepTermMs: 0.18, MarkMs: 25, MarkTermMs: 0.006,
		SweepTermCPUMs: 0.37, AssistMs: 0, BackgroundMs: 8.1, IdleMs: 37, MarkTermCPUMs: 0.012,
		StartMiB: 130, EndMiB: 130, LiveMiB: 65, GoalMiB: 165, Procs: 2, Forced: true}
	if got != want {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	if _, err := Parse("gc 1 @0.002s 9%: 0.14+2.0 ms clock"); err == nil {
		t.Fatal("a truncated line parsed without error")
	}
}
