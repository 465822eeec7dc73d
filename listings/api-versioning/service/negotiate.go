package service

import (
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"playbook.example/api-versioning/versions"
)

// VersionHeader names the request header that selects a version by date, and the response
// header that says which version answered.
const VersionHeader = "Playbook-Version"

// A selection is the version a request gets and what chose it.
type selection struct {
	version   versions.Version
	by        string // "path", "media type", "header" or "pin"
	mediaType string // the vendor media type to answer with, when the Accept header chose
}

// ANCHOR: path
// fromPath reads the major version of /v2/customers/42: the router has already matched the
// rest of the path, and the version is a plain path segment.
func (s *Service) fromPath(r *http.Request) (selection, *problem) {
	segment := r.PathValue("major")
	major, err := strconv.Atoi(strings.TrimPrefix(segment, "v"))
	v, ok := s.chain.ByMajor(major)
	if !strings.HasPrefix(segment, "v") || err != nil || !ok {
		return selection{}, notFound(fmt.Sprintf("no API version %q: the versions are v1 to v%d",
			segment, s.chain.Newest().Major))
	}
	return selection{version: v, by: "path"}, nil
}

// ANCHOR_END: path

var vendorType = regexp.MustCompile(`^application/vnd\.playbook\.v([0-9]+)\+json$`)

// ANCHOR: negotiate
// negotiate chooses the version of a request to /customers/...: a vendor media type in
// Accept, else the Playbook-Version header, else the version pinned to the client's account.
// A request that names two different versions is refused rather than guessed at.
func (s *Service) negotiate(r *http.Request, account string) (selection, *problem) {
	byMedia, err := s.fromAccept(r.Header.Values("Accept"))
	if err != nil {
		return selection{}, err
	}
	byHeader, err := s.fromHeader(r.Header.Get(VersionHeader))
	if err != nil {
		return selection{}, err
	}
	switch {
	case byMedia != nil && byHeader != nil && byMedia.version.Date != byHeader.version.Date:
		return selection{}, badRequest(fmt.Sprintf("Accept asks for version %s and %s for %s: send one",
			byMedia.version.Date, VersionHeader, byHeader.version.Date))
	case byMedia != nil:
		return *byMedia, nil
	case byHeader != nil:
		return *byHeader, nil
	}
	pinned, _ := s.chain.ByDate(s.pins.pin(account, s.chain.Newest().Date))
	return selection{version: pinned, by: "pin"}, nil
}

// ANCHOR_END: negotiate

func (s *Service) fromHeader(value string) (*selection, *problem) {
	if value == "" {
		return nil, nil
	}
	v, ok := s.chain.ByDate(value)
	if !ok {
		return nil, badRequest(fmt.Sprintf("%s: no version %q; the versions are %s",
			VersionHeader, value, s.chain.Dates()))
	}
	return &selection{version: v, by: "header"}, nil
}

// fromAccept looks for this API's vendor media types among the ranges the client accepts.
// Without one (no Accept, */*, application/json) the media type chooses nothing. With only
// versions that do not exist, the answer is 406: the client asked for what cannot be sent.
func (s *Service) fromAccept(values []string) (*selection, *problem) {
	var best *selection
	bestQ, unknown := -1.0, ""
	for _, value := range values {
		// A comma inside a quoted parameter would split wrongly here; vendor media types
		// carry no quoted parameters, and a range that fails to parse is skipped below.
		for _, element := range strings.Split(value, ",") {
			mediaType, params, err := mime.ParseMediaType(strings.TrimSpace(element))
			if err != nil {
				continue
			}
			match := vendorType.FindStringSubmatch(mediaType)
			if match == nil {
				continue
			}
			q := 1.0
			if text, ok := params["q"]; ok {
				if q, err = strconv.ParseFloat(text, 64); err != nil {
					continue
				}
			}
			major, _ := strconv.Atoi(match[1])
			v, ok := s.chain.ByMajor(major)
			if !ok {
				unknown = mediaType
				continue
			}
			if q > 0 && q > bestQ {
				best, bestQ = &selection{version: v, by: "media type", mediaType: mediaType}, q
			}
		}
	}
	if best == nil && unknown != "" {
		return nil, notAcceptable(fmt.Sprintf("no version for %s: the versions are application/vnd.playbook.v1+json to v%d",
			unknown, s.chain.Newest().Major))
	}
	return best, nil
}

// ANCHOR: pins
// pins remembers the version each account used first, the way Stripe pins an account to
// the version that was newest when it made its first request.
type pins struct {
	mu      sync.Mutex
	account map[string]string
}

func (p *pins) pin(account, newest string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if date, ok := p.account[account]; ok {
		return date
	}
	p.account[account] = newest
	return newest
}

// ANCHOR_END: pins
