package limit

import (
	"container/heap"
	"fmt"
	"sync"
	"time"
)

// ANCHOR: keyed
// Keyed limits each client (key) separately with GCRA, in bounded memory.
// A client whose tat has passed has a full bucket, exactly like a client never
// seen, so its entry carries no information and is dropped. When MaxKeys
// entries are all still meaningful, the one closest to full is evicted: that
// forgives the least debt.
type Keyed struct {
	policy  Policy
	maxKeys int
	now     func() time.Time

	mu      sync.Mutex
	byKey   map[string]*client
	byTAT   tatHeap // the same clients, earliest tat first
	evicted uint64
}

type client struct {
	key   string
	tat   time.Time
	index int // position in byTAT, kept by the heap methods
}

func NewKeyed(p Policy, maxKeys int, now func() time.Time) (*Keyed, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if maxKeys <= 0 {
		return nil, fmt.Errorf("maxKeys must be positive, got %d", maxKeys)
	}
	return &Keyed{policy: p, maxKeys: maxKeys, now: now, byKey: make(map[string]*client)}, nil
}

// Allow decides one request of the client named key.
func (k *Keyed) Allow(key string) Decision {
	now := k.now()
	k.mu.Lock()
	defer k.mu.Unlock()

	for len(k.byTAT) > 0 && !k.byTAT[0].tat.After(now) {
		k.forget(k.byTAT[0])
	}
	c := k.byKey[key]
	var tat time.Time
	if c != nil {
		tat = c.tat
	}
	tat, d := DecideGCRA(k.policy, tat, now)
	if !d.Allowed {
		return d // a denied request costs nothing, so there is nothing to store
	}
	if c != nil {
		c.tat = tat
		heap.Fix(&k.byTAT, c.index)
		return d
	}
	if len(k.byKey) == k.maxKeys {
		k.forget(k.byTAT[0])
		k.evicted++
	}
	c = &client{key: key, tat: tat}
	k.byKey[key] = c
	heap.Push(&k.byTAT, c)
	return d
}

func (k *Keyed) forget(c *client) {
	heap.Remove(&k.byTAT, c.index)
	delete(k.byKey, c.key)
}

// Len is the number of clients held; Evicted counts the ones dropped while
// their bucket was not yet full (a metric worth alerting on).
func (k *Keyed) Len() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.byKey)
}

func (k *Keyed) Evicted() uint64 {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.evicted
}

// ANCHOR_END: keyed

// tatHeap implements heap.Interface over clients, earliest tat first.
type tatHeap []*client

func (h tatHeap) Len() int           { return len(h) }
func (h tatHeap) Less(i, j int) bool { return h[i].tat.Before(h[j].tat) }
func (h tatHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}
func (h *tatHeap) Push(x any) {
	c := x.(*client)
	c.index = len(*h)
	*h = append(*h, c)
}
func (h *tatHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return c
}
