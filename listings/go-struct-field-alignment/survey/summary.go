package survey

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
)

// Summary is what the survey found in one corpus.
type Summary struct {
	Corpus  string
	Structs []Struct
	Generic int
	Broken  []string // packages that failed to load, by path
}

// Padded is the structs that reordering makes smaller.
func (s Summary) Padded() []Struct {
	var padded []Struct
	for _, st := range s.Structs {
		if st.Optimal < st.Size {
			padded = append(padded, st)
		}
	}
	return padded
}

// stats are the figures of one row of the report.
type stats struct {
	structs, padded, smaller int
	median, p90, max         float64 // savings of the padded structs, in percent of their size
	objectMedian, objectMax  float64 // heap-object savings of the structs whose object shrinks
	largest                  Struct
}

func (s Summary) stats() stats {
	padded := s.Padded()
	r := stats{structs: len(s.Structs), padded: len(padded)}
	var savings, objectSavings []float64
	for _, st := range padded {
		savings = append(savings, st.Saving())
		if st.OptimalObject < st.Object {
			r.smaller++
			objectSavings = append(objectSavings, 100*float64(st.Object-st.OptimalObject)/float64(st.Object))
		}
	}
	slices.Sort(savings)
	slices.Sort(objectSavings)
	r.median, r.p90, r.max = percentile(savings, 50), percentile(savings, 90), percentile(savings, 100)
	r.objectMedian, r.objectMax = percentile(objectSavings, 50), percentile(objectSavings, 100)
	if len(padded) > 0 {
		// The largest saving; among equal ones, the first by package and name.
		r.largest = slices.MinFunc(padded, func(a, b Struct) int {
			return cmp.Or(cmp.Compare(b.Saving(), a.Saving()), cmp.Compare(a.Package, b.Package), cmp.Compare(a.Name, b.Name))
		})
	}
	return r
}

// percentile is the nearest-rank percentile of sorted values, 0 for none.
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[max(rank, 1)-1]
}

func share(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return 100 * float64(part) / float64(whole)
}

// Bucket is a range of savings: the share of a struct's declared size that reordering removes.
type Bucket struct {
	Label         string
	Above, AtMost float64 // exclusive lower and inclusive upper bound, in percent
}

var buckets = []Bucket{
	{"0% (no padding to remove)", -1, 0},
	{"up to 10%", 0, 10},
	{"over 10%, up to 20%", 10, 20},
	{"over 20%, up to 30%", 20, 30},
	{"over 30%, up to 40%", 30, 40},
	{"over 40%, up to 50%", 40, 50},
	{"over 50%", 50, 100},
}

// Report prints one row per corpus and one for all of them together, then the distribution of
// savings over all of them.
func Report(w io.Writer, corpora []Summary) {
	var all Summary
	all.Corpus = "all"
	for _, c := range corpora {
		all.Structs = append(all.Structs, c.Structs...)
		all.Generic += c.Generic
		all.Broken = append(all.Broken, c.Broken...)
	}
	rows := corpora
	if len(corpora) > 1 {
		rows = append(slices.Clip(corpora), all)
	}

	fmt.Fprintln(w, "Struct types with two or more fields, laid out for linux/amd64.")
	fmt.Fprintln(w, "Savings are shares of the declared size, among the structs that reordering makes smaller.")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%-26s %7s %15s %7s %7s %7s %15s\n", "corpus", "structs", "made smaller", "median", "p90", "max", "smaller object")
	for _, c := range rows {
		r := c.stats()
		fmt.Fprintf(w, "%-26s %7d %6d (%5.1f%%) %6.1f%% %6.1f%% %6.1f%% %6d (%5.1f%%)\n", c.Corpus, r.structs,
			r.padded, share(r.padded, r.structs), r.median, r.p90, r.max, r.smaller, share(r.smaller, r.structs))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Largest saving in each corpus:")
	for _, c := range corpora {
		if r := c.stats(); r.padded > 0 {
			fmt.Fprintf(w, "  %-26s %s.%s, %d → %d bytes\n", c.Corpus, r.largest.PkgName, r.largest.Name, r.largest.Size, r.largest.Optimal)
		}
	}
	fmt.Fprintln(w)
	r := all.stats()
	fmt.Fprintf(w, "All corpora: %d structs; %d generic ones skipped; %d packages failed to load.\n", r.structs, all.Generic, len(all.Broken))
	fmt.Fprintf(w, "Heap objects that shrink: %d; saving median %.1f%%, max %.1f%%.\n", r.smaller, r.objectMedian, r.objectMax)
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%-28s %7s %7s %15s\n", "saving", "structs", "share", "smaller object")
	for _, b := range buckets {
		count, smaller := 0, 0
		for _, st := range all.Structs {
			if saving := st.Saving(); saving > b.Above && saving <= b.AtMost {
				count++
				if st.OptimalObject < st.Object {
					smaller++
				}
			}
		}
		fmt.Fprintf(w, "%-28s %7d %6.1f%% %15d\n", b.Label, count, share(count, r.structs), smaller)
	}
}
