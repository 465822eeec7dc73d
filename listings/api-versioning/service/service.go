// Package service is one customers API that accepts its version three ways side by side: in
// the path (/v2/customers/42), in a vendor media type (Accept: application/vnd.playbook.v2+json)
// and in a header (Playbook-Version: 2022-03-01), falling back to the version pinned to the
// client's account. Every way selects a version of the same chain (package versions).
package service

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"playbook.example/api-versioning/versions"
)

// Config is what a Service starts from.
type Config struct {
	Customers  []Customer
	Pins       map[string]string    // account -> the version date it is pinned to
	Lifecycles map[string]Lifecycle // version date -> deprecation and sunset
	Now        func() time.Time     // time.Now in production, a fixed clock in tests
}

// Service is the customers API. It is an http.Handler.
type Service struct {
	chain      *versions.Chain
	store      *store
	pins       *pins
	lifecycles map[string]Lifecycle
	now        func() time.Time
	mux        *http.ServeMux
}

// New checks the configuration against the changelog and builds the routes.
func New(cfg Config) (*Service, error) {
	chain := Changelog()
	for date, l := range cfg.Lifecycles {
		if _, ok := chain.ByDate(date); !ok {
			return nil, fmt.Errorf("lifecycle for version %s: no such version; the versions are %s", date, chain.Dates())
		}
		if err := l.check(date); err != nil {
			return nil, err
		}
	}
	pinned := map[string]string{}
	for account, date := range cfg.Pins {
		if _, ok := chain.ByDate(date); !ok {
			return nil, fmt.Errorf("pin of %s: no version %s; the versions are %s", account, date, chain.Dates())
		}
		pinned[account] = date
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Service{
		chain: chain, store: newStore(cfg.Customers), pins: &pins{account: pinned},
		lifecycles: cfg.Lifecycles, now: cfg.Now, mux: http.NewServeMux(),
	}
	// ANCHOR: routes
	s.mux.HandleFunc("GET /{major}/customers/{id}", s.byPath(s.getCustomer))
	s.mux.HandleFunc("POST /{major}/customers", s.byPath(s.createCustomer))
	s.mux.HandleFunc("GET /customers/{id}", s.negotiated(s.getCustomer))
	s.mux.HandleFunc("POST /customers", s.negotiated(s.createCustomer))
	// ANCHOR_END: routes
	return s, nil
}

func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

type versionedHandler func(http.ResponseWriter, *http.Request, selection)

// byPath serves the /v{major}/... routes: the URL alone names the version.
func (s *Service) byPath(next versionedHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, ok := authenticate(w, r); !ok {
			return
		}
		sel, p := s.fromPath(r)
		if p != nil {
			p.write(w)
			return
		}
		s.serve(w, r, sel, next)
	}
}

// ANCHOR: negotiated
// negotiated serves the unversioned routes. Their answer depends on three request headers,
// and Vary says so: a cache that ignored them would hand one client's version to another.
func (s *Service) negotiated(next versionedHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Vary", "Accept, "+VersionHeader+", Authorization")
		acct, ok := authenticate(w, r)
		if !ok {
			return
		}
		sel, p := s.negotiate(r, acct)
		if p != nil {
			p.write(w)
			return
		}
		s.serve(w, r, sel, next)
	}
}

// ANCHOR_END: negotiated

// ANCHOR: serve
// serve applies the version's lifecycle: after its sunset it is gone (410); before, its
// responses carry Deprecation and Sunset when it has them.
func (s *Service) serve(w http.ResponseWriter, r *http.Request, sel selection, next versionedHandler) {
	h := w.Header()
	h.Set(VersionHeader, sel.version.Date)
	lifecycle := s.lifecycles[sel.version.Date]
	lifecycle.announce(h)
	if !lifecycle.Sunset.IsZero() && !s.now().Before(lifecycle.Sunset) {
		newProblem(http.StatusGone, fmt.Sprintf("version %s was retired on %s; see %s",
			sel.version.Date, lifecycle.Sunset.UTC().Format(time.DateOnly), lifecycle.Docs)).write(w)
		return
	}
	next(w, r, sel)
}

// ANCHOR_END: serve

func (s *Service) getCustomer(w http.ResponseWriter, r *http.Request, sel selection) {
	c, ok := s.store.get(r.PathValue("id"))
	if !ok {
		notFound(fmt.Sprintf("no customer %q", r.PathValue("id"))).write(w)
		return
	}
	w.Header().Set("Cache-Control", "private, max-age=60")
	s.respond(w, sel, http.StatusOK, c.newest())
}

// ANCHOR: create
// createCustomer reads a body written for the client's version, upgrades it to the newest
// shape, and from there on knows nothing of versions.
func (s *Service) createCustomer(w http.ResponseWriter, r *http.Request, sel selection) {
	var body versions.Resource
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		badRequest("the body is not a JSON object: " + err.Error()).write(w)
		return
	}
	s.chain.Upgrade(body, sel.version)
	c, p := customerFrom(body, sel.version)
	if p != nil {
		p.write(w)
		return
	}
	c.Status, c.Created = "active", s.now().UTC().Truncate(time.Second)
	c = s.store.add(c)
	if sel.by == "path" {
		w.Header().Set("Location", fmt.Sprintf("/v%d/customers/%s", sel.version.Major, c.ID))
	} else {
		w.Header().Set("Location", "/customers/"+c.ID)
	}
	s.respond(w, sel, http.StatusCreated, c.newest())
}

// ANCHOR_END: create

// customerFrom validates a request body in the newest shape.
func customerFrom(body versions.Resource, v versions.Version) (Customer, *problem) {
	var c Customer
	fields := map[string]*string{"name": &c.Name, "email_address": &c.Email, "company": &c.Company}
	for key, value := range body {
		target, known := fields[key]
		text, isText := value.(string)
		switch {
		case !known:
			return c, newProblem(http.StatusUnprocessableEntity,
				fmt.Sprintf("unknown field %q in a version %s request", key, v.Date))
		case !isText:
			return c, newProblem(http.StatusUnprocessableEntity, fmt.Sprintf("field %q: expected a string", key))
		}
		*target = text
	}
	var missing []string
	for _, key := range []string{"name", "email_address"} {
		if *fields[key] == "" {
			missing = append(missing, key)
		}
	}
	if len(missing) > 0 {
		return c, newProblem(http.StatusUnprocessableEntity, "missing "+strings.Join(missing, ", "))
	}
	return c, nil
}

func (s *Service) respond(w http.ResponseWriter, sel selection, status int, r versions.Resource) {
	s.chain.Downgrade(r, sel.version)
	contentType := "application/json"
	if sel.mediaType != "" {
		contentType = sel.mediaType
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(r)
}

// authenticate returns the account a request's API key names, or answers 401. This service
// takes any bearer token for an account: verifying keys is another chapter's subject.
func authenticate(w http.ResponseWriter, r *http.Request) (string, bool) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		w.Header().Set("WWW-Authenticate", "Bearer")
		newProblem(http.StatusUnauthorized, "send Authorization: Bearer <API key>").write(w)
		return "", false
	}
	return token, true
}
