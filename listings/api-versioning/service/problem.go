package service

import (
	"encoding/json"
	"net/http"
)

// A problem is an error response in the format of RFC 9457 (application/problem+json).
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
}

func newProblem(status int, detail string) *problem {
	return &problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail}
}

func badRequest(detail string) *problem    { return newProblem(http.StatusBadRequest, detail) }
func notFound(detail string) *problem      { return newProblem(http.StatusNotFound, detail) }
func notAcceptable(detail string) *problem { return newProblem(http.StatusNotAcceptable, detail) }

func (p *problem) write(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p)
}
