package hyrum_test

import (
	"fmt"
	"net/http/httptest"
	"testing"

	"playbook.example/api-contract/hyrum"
)

func customerOrders(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("ord_%03d", n-i)
	}
	return ids
}

// ANCHOR: contract-test
// The provider's contract test: both releases pass it.
func TestBothReleasesKeepTheContract(t *testing.T) {
	for _, release := range []hyrum.Release{hyrum.Release2019, hyrum.Release2026} {
		server := httptest.NewServer(release.Handler(customerOrders(250)))
		client := hyrum.Client{Base: server.URL}
		if n, err := client.CountAll(); n != 250 || err != nil {
			t.Errorf("release %s: the pages hold %d orders (%v), want 250", release.Name, n, err)
		}
		if missing, err := client.MissingByType("ord_999"); !missing || err != nil {
			t.Errorf("release %s: a missing order is not a not-found problem (%v)", release.Name, err)
		}
		server.Close()
	}
}

// ANCHOR_END: contract-test

// ANCHOR: example
// A customer with 42 orders, read by both kinds of client from both releases.
func Example() {
	for _, release := range []hyrum.Release{hyrum.Release2019, hyrum.Release2026} {
		server := httptest.NewServer(release.Handler(customerOrders(42)))
		client := hyrum.Client{Base: server.URL}
		first, _ := client.CountFirstPage()
		all, _ := client.CountAll()
		byDetail, _ := client.MissingByDetail("ord_999")
		byType, _ := client.MissingByType("ord_999")
		fmt.Printf("release %s: first page %d, all pages %d; missing order by detail %t, by type %t\n",
			release.Name, first, all, byDetail, byType)
		server.Close()
	}
	// Output:
	// release 2019: first page 42, all pages 42; missing order by detail true, by type true
	// release 2026: first page 20, all pages 42; missing order by detail false, by type true
}

// ANCHOR_END: example
