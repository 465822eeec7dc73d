package limit

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

var perSecond = Policy{Limit: 10, Per: time.Second, Burst: 3}

// Interleaved clients get the decisions each would get alone.
func TestKeyedMatchesGCRAPerClient(t *testing.T) {
	clock := newFakeClock()
	keyed, err := NewKeyed(perSecond, 1_000, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	tats := map[string]time.Time{}
	random := rand.New(rand.NewPCG(3, 0))
	for i := range 10_000 {
		clock.Advance(time.Duration(random.IntN(40)) * time.Millisecond)
		key := fmt.Sprintf("client-%d", random.IntN(20))
		got := keyed.Allow(key)
		var want Decision
		tats[key], want = DecideGCRA(perSecond, tats[key], clock.Now())
		if got != want {
			t.Fatalf("request %d from %s: got %+v, want %+v", i, key, got, want)
		}
	}
}

func TestKeyedMemoryIsBounded(t *testing.T) {
	clock := newFakeClock()
	keyed, err := NewKeyed(perSecond, 100, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10_000 { // a scan from 10,000 addresses in one instant
		keyed.Allow(fmt.Sprint("addr-", i))
		if n := keyed.Len(); n > 100 {
			t.Fatalf("after %d clients the limiter holds %d, more than its 100", i+1, n)
		}
	}
	if got := keyed.Evicted(); got != 9_900 {
		t.Errorf("evicted %d clients, want 9900", got)
	}
	// Once every bucket has refilled, entries carry no information and go.
	clock.Advance(perSecond.Interval() * time.Duration(perSecond.Burst))
	keyed.Allow("late")
	if n := keyed.Len(); n != 1 {
		t.Errorf("after all buckets refilled the limiter holds %d clients, want 1", n)
	}
	if got := keyed.Evicted(); got != 9_900 {
		t.Errorf("forgetting full buckets counted as evictions: %d", got)
	}
}

// At the cap, the client closest to a full bucket is the one forgotten.
func TestKeyedEvictsTheLeastIndebted(t *testing.T) {
	clock := newFakeClock()
	keyed, err := NewKeyed(perSecond, 2, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	keyed.Allow("light") // one token spent
	keyed.Allow("heavy")
	keyed.Allow("heavy")
	keyed.Allow("heavy") // bucket empty
	keyed.Allow("new")   // the cap is 2: "light" must go

	if d := keyed.Allow("heavy"); d.Allowed {
		t.Errorf("heavy kept no debt: %+v", d)
	}
	if got := keyed.Evicted(); got != 1 {
		t.Errorf("evicted %d, want 1", got)
	}
}

func TestKeyedConcurrentUse(t *testing.T) {
	clock := newFakeClock()
	keyed, err := NewKeyed(perSecond, 50, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 2_000 {
				keyed.Allow(fmt.Sprintf("g%d-%d", g, i%100))
				if i%100 == 0 {
					clock.Advance(time.Millisecond)
				}
			}
		})
	}
	wg.Wait()
	if n := keyed.Len(); n > 50 {
		t.Fatalf("holds %d clients, more than its 50", n)
	}
}
