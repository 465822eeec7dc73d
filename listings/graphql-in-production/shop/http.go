package shop

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	graphql "github.com/graph-gophers/graphql-go"
	gqlerrors "github.com/graph-gophers/graphql-go/errors"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// Handler serves GraphQL over HTTP: POST with a JSON body, GET with URL parameters, and
// automatic persisted queries (a SHA-256 hash in extensions.persistedQuery instead of the text).
type Handler struct {
	Schema *graphql.Schema

	mu        sync.Mutex
	persisted map[string]string // hash -> query text
}

type request struct {
	Query         string         `json:"query"`
	OperationName string         `json:"operationName"`
	Variables     map[string]any `json:"variables"`
	Extensions    struct {
		PersistedQuery *struct {
			Version    int    `json:"version"`
			SHA256Hash string `json:"sha256Hash"`
		} `json:"persistedQuery"`
	} `json:"extensions"`
}

const (
	mediaGraphQLResponse = "application/graphql-response+json"
	mediaJSON            = "application/json"
)

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req request
	switch r.Method {
	case http.MethodPost:
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			// The draft: 400 when the body is not JSON, 422 when it is JSON but not a
			// well-formed GraphQL-over-HTTP request (a parameter of the wrong type).
			status := http.StatusBadRequest
			if typeErr := (*json.UnmarshalTypeError)(nil); errors.As(err, &typeErr) {
				status = http.StatusUnprocessableEntity
			}
			http.Error(w, "body is not a GraphQL request: "+err.Error(), status)
			return
		}
	case http.MethodGet:
		q := r.URL.Query()
		req.Query, req.OperationName = q.Get("query"), q.Get("operationName")
		for name, into := range map[string]any{"variables": &req.Variables, "extensions": &req.Extensions} {
			if v := q.Get(name); v != "" {
				if err := json.Unmarshal([]byte(v), into); err != nil {
					http.Error(w, name+" is not JSON: "+err.Error(), http.StatusBadRequest)
					return
				}
			}
		}
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "GraphQL is served over GET and POST", http.StatusMethodNotAllowed)
		return
	}

	media := mediaJSON
	if strings.Contains(r.Header.Get("Accept"), mediaGraphQLResponse) {
		media = mediaGraphQLResponse
	}

	// ANCHOR: apq
	if pq := req.Extensions.PersistedQuery; pq != nil {
		h.mu.Lock()
		if h.persisted == nil {
			h.persisted = map[string]string{}
		}
		if req.Query == "" {
			req.Query = h.persisted[pq.SHA256Hash]
		} else if sum := sha256.Sum256([]byte(req.Query)); hex.EncodeToString(sum[:]) == pq.SHA256Hash {
			h.persisted[pq.SHA256Hash] = req.Query
		} else {
			req.Query = ""
		}
		h.mu.Unlock()
		if req.Query == "" {
			// The client answers this by sending the hash again, with the query's text. No cache
			// may keep this answer: the next request for the same URL will find the text.
			w.Header().Set("Cache-Control", "no-store")
			resp := &graphql.Response{Errors: []*gqlerrors.QueryError{{
				Message:    "PersistedQueryNotFound",
				Extensions: map[string]any{"code": "PERSISTED_QUERY_NOT_FOUND"},
			}}}
			h.write(w, media, statusFor(media, resp), resp)
			return
		}
	}
	// ANCHOR_END: apq
	if req.Query == "" {
		// No query and no persisted one: not a well-formed GraphQL-over-HTTP request.
		http.Error(w, "the request has no query", http.StatusUnprocessableEntity)
		return
	}

	// ANCHOR: get_mutation
	op, err := selectOperation(req.Query, req.OperationName)
	if err != nil {
		// graphql-go reports these as plain errors, without a validation rule; the draft asks for 422.
		resp := &graphql.Response{Errors: []*gqlerrors.QueryError{{Message: err.Error()}}}
		h.write(w, media, http.StatusUnprocessableEntity, resp)
		return
	}
	if r.Method == http.MethodGet && op != nil && op.Operation == ast.Mutation {
		w.Header().Set("Allow", "POST")
		http.Error(w, "mutations are not allowed over GET", http.StatusMethodNotAllowed)
		return
	}
	// ANCHOR_END: get_mutation

	resp := h.Schema.Exec(r.Context(), req.Query, req.OperationName, req.Variables)

	// ANCHOR: cache_control
	status := statusFor(media, resp)
	if r.Method == http.MethodGet && req.Extensions.PersistedQuery != nil && len(resp.Errors) == 0 {
		// A GET names its query in the URL, so a shared cache can key on it. The media type
		// depends on Accept, so the key has to include it too.
		w.Header().Set("Cache-Control", "public, max-age=60")
		w.Header().Set("Vary", "Accept")
	}
	h.write(w, media, status, resp)
	// ANCHOR_END: cache_control
}

// ANCHOR: status
// statusFor follows the GraphQL-over-HTTP draft (August 2026) as far as graphql-go's response
// tells the cases apart: a response without data is a request error and gets a 4xx, whatever
// media type the client accepts. A response with data and errors is a partial success: 294 for
// clients that accept application/graphql-response+json, and 200 for application/json clients.
// That 200 follows the draft's non-normative note on partial success (294 only with its own
// media type); its normative rules would give those clients 294 too. Both are a 2xx, which is
// what the draft requires.
func statusFor(media string, resp *graphql.Response) int {
	switch {
	case resp.Data == nil && slices.ContainsFunc(resp.Errors, func(e *gqlerrors.QueryError) bool { return e.Rule != "" }):
		return http.StatusUnprocessableEntity // failed validation (graphql-go names the rule)
	case resp.Data == nil:
		return http.StatusBadRequest // did not parse, or named an unknown persisted query
	case len(resp.Errors) > 0 && media == mediaGraphQLResponse:
		return 294 // Partial Success, the draft's own code
	}
	return http.StatusOK
}

// ANCHOR_END: status

func (h *Handler) write(w http.ResponseWriter, media string, status int, resp *graphql.Response) {
	body, err := json.Marshal(resp)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if status/100 != 2 {
		// The draft answers an application/json client as if it had accepted the new media type,
		// with application/json only on a 2xx response.
		media = mediaGraphQLResponse
	}
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	w.WriteHeader(status)
	w.Write(body)
}

// selectOperation finds the operation a request asks for, as the specification's GetOperation
// does. A document that does not parse gives no operation and no error: the executor reports
// the syntax error (400).
func selectOperation(query, operationName string) (*ast.OperationDefinition, error) {
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		return nil, nil
	}
	if operationName != "" {
		for _, op := range doc.Operations {
			if op.Name == operationName {
				return op, nil
			}
		}
		return nil, fmt.Errorf("no operation named %q in the document", operationName)
	}
	if len(doc.Operations) != 1 {
		return nil, fmt.Errorf("the document has %d operations and the request names none", len(doc.Operations))
	}
	return doc.Operations[0], nil
}
