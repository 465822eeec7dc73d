package pipeline

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

func benchmarkLog() []string {
	lines := make([]string, 100_000)
	for n := range lines {
		lines[n] = fmt.Sprintf("GET /items/%d %d", n, 200+n%5)
	}
	return lines
}

// countSequentially is the same work with no goroutines or channels: the
// baseline that tells whether the pipeline's stages pay for their hand-offs.
func countSequentially(lines []string) (map[int]int, error) {
	counts := make(map[int]int)
	for n, text := range lines {
		entry, err := parse(numberedLine{n + 1, text})
		if err != nil {
			return nil, err
		}
		counts[entry.Status]++
	}
	return counts, nil
}

func BenchmarkCountSequentially(b *testing.B) {
	lines := benchmarkLog()
	for b.Loop() {
		if _, err := countSequentially(lines); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(lines)), "ns/line")
}

func BenchmarkCountStatuses(b *testing.B) {
	lines := benchmarkLog()
	for _, parsers := range []int{1, 2, 4, 8} {
		b.Run(fmt.Sprintf("parsers=%d", parsers), func(b *testing.B) {
			for b.Loop() {
				if _, err := CountStatuses(context.Background(), slices.Values(lines), parsers); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(lines)), "ns/line")
		})
	}
}
