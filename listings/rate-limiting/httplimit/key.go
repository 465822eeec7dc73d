package httplimit

import (
	"net"
	"net/http"
	"net/netip"
)

// ANCHOR: key
// ClientKey names the quota a request spends: its API key when it has one;
// otherwise its address, with IPv6 addresses widened to their /64, since a
// single host picks its own interface identifiers within one.
// The key is trusted as sent to keep the example short: a service must verify
// it first, or each made-up key is a fresh, full bucket.
// r.RemoteAddr is the peer of this TCP connection: behind a proxy, derive the
// address from the header that your own proxy sets, never from one a client
// can send.
func ClientKey(r *http.Request) string {
	if key := r.Header.Get("X-API-Key"); key != "" {
		return "key:" + key
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return "addr:" + host // not an IP (a Unix socket, a test): keep it whole
	}
	addr = addr.Unmap() // ::ffff:192.0.2.1 is 192.0.2.1
	if addr.Is6() {
		return "net:" + netip.PrefixFrom(addr, 64).Masked().String()
	}
	return "ip:" + addr.String()
}

// ANCHOR_END: key
