package orders

import (
	"encoding/json"
	"net/http"
)

// ANCHOR: problem
// Problem is an RFC 9457 problem details object. Type is the part clients branch on: a URI
// that names the kind of problem and never changes. Title is its short human summary, and
// Detail explains this occurrence; both are for people and may be reworded at any time.
type Problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail,omitempty"`
	Instance string `json:"instance,omitempty"`
}

const problemBase = "https://api.example.com/problems/"

func writeProblem(w http.ResponseWriter, p Problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p)
}

// ANCHOR_END: problem

func notFound(instance, detail string) Problem {
	return Problem{Type: problemBase + "not-found", Title: "No such order", Status: http.StatusNotFound, Detail: detail, Instance: instance}
}

func invalidRequest(instance, detail string) Problem {
	return Problem{Type: problemBase + "invalid-request", Title: "The request is not valid", Status: http.StatusBadRequest, Detail: detail, Instance: instance}
}
