package openapi_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/legacy"

	"playbook.example/api-versioning/service"
)

// ANCHOR: contract
// The spec CI guards must describe the service that runs: every version of the customer,
// asked for every way, the account's pin and two errors, validated against customers.yaml.
func TestTheServiceKeepsItsContract(t *testing.T) {
	for _, m := range mismatches(t, document(t)) {
		t.Errorf("%s: %s", m.request, m.problem)
	}
}

// A mismatch is a request whose response the document does not describe, and why.
type mismatch struct{ request, problem string }

// mismatches sends twelve GET requests to the running service and validates each response.
func mismatches(t *testing.T, doc *openapi3.T) []mismatch {
	t.Helper()
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := service.New(service.DemoConfig(func() time.Time { return time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(svc)
	defer srv.Close()

	var found []mismatch
	for _, tc := range requests {
		asked := strings.TrimSpace(tc.path + " " + tc.header)
		req, _ := http.NewRequest("GET", srv.URL+tc.path, nil)
		req.Header.Set("Authorization", "Bearer key_2021")
		if name, value, ok := strings.Cut(tc.header, ": "); ok {
			req.Header.Set(name, value)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()

		route, params, err := router.FindRoute(req)
		if err != nil {
			found = append(found, mismatch{asked, fmt.Sprintf("the spec has no operation for it: %v", err)})
			continue
		}
		input := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
			Status:                 resp.StatusCode,
			Header:                 resp.Header,
			Body:                   io.NopCloser(bytes.NewReader(body)),
		}
		if err := openapi3filter.ValidateResponse(context.Background(), input); err != nil {
			found = append(found, mismatch{asked, fmt.Sprintf("%d %s\n  does not match the document: %v", resp.StatusCode, body, err)})
		}
	}
	return found
}

// requests asks for each version in each of the three ways, then for the account's pin
// (version 1), a customer that does not exist (404) and a version that does not (406).
var requests = []struct{ path, header string }{
	{"/v1/customers/cus_42", ""},
	{"/v2/customers/cus_42", ""},
	{"/v3/customers/cus_42", ""},
	{"/customers/cus_42", "Accept: application/vnd.playbook.v1+json"},
	{"/customers/cus_42", "Accept: application/vnd.playbook.v2+json"},
	{"/customers/cus_42", "Accept: application/vnd.playbook.v3+json"},
	{"/customers/cus_42", "Playbook-Version: 2020-12-01"},
	{"/customers/cus_42", "Playbook-Version: 2022-03-01"},
	{"/customers/cus_42", "Playbook-Version: 2024-10-01"},
	{"/customers/cus_42", ""},
	{"/v3/customers/cus_7", ""},
	{"/customers/cus_42", "Accept: application/vnd.playbook.v9+json"},
}

// ANCHOR_END: contract

// document reads customers.yaml and checks that it is a valid OpenAPI document.
func document(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile("customers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("customers.yaml is not a valid OpenAPI document: %v", err)
	}
	return doc
}

// The contract test can fail: a document that promises a field the service does not send, or
// leaves out a status the service does send, no longer describes version 3's answers, in
// whichever way version 3 was asked for, and still describes every other answer.
func TestTheContractTestCatchesAWrongDocument(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(v3 *openapi3.Schema)
	}{
		{"a required field the service does not send", func(v3 *openapi3.Schema) {
			v3.Properties["tax_id"] = openapi3.NewStringSchema().NewRef()
			v3.Required = append(v3.Required, "tax_id")
		}},
		{"an enum without suspended", func(v3 *openapi3.Schema) {
			v3.Properties["status"].Value.Enum = []any{"active", "inactive"}
		}},
	} {
		doc := document(t)
		tc.edit(doc.Components.Schemas["CustomerV3"].Value)
		var failed []string
		for _, m := range mismatches(t, doc) {
			failed = append(failed, m.request)
		}
		want := []string{
			"/v3/customers/cus_42",
			"/customers/cus_42 Accept: application/vnd.playbook.v3+json",
			"/customers/cus_42 Playbook-Version: 2024-10-01",
		}
		if !slices.Equal(failed, want) {
			t.Errorf("%s: the contract test failed for %q, want %q", tc.name, failed, want)
		}
	}
}
