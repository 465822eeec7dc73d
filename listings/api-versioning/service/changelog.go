package service

import (
	"time"

	"playbook.example/api-versioning/versions"
)

// ANCHOR: changelog
// Changelog is every version of the customers API. Handlers build the newest shape; these
// functions are all the code that knows what older clients expect.
func Changelog() *versions.Chain {
	chain, err := versions.NewChain(
		versions.Version{Date: "2020-12-01", Major: 1},
		versions.Version{Date: "2022-03-01", Major: 2, Changes: []versions.Change{{
			Summary:   "email is renamed email_address",
			Downgrade: func(r versions.Resource) { rename(r, "email_address", "email") },
			Upgrade:   func(r versions.Resource) { rename(r, "email", "email_address") },
		}}},
		versions.Version{Date: "2024-10-01", Major: 3, Changes: []versions.Change{{
			Summary: "created (Unix seconds) is replaced by created_at (RFC 3339, UTC)",
			Downgrade: func(r versions.Resource) {
				r["created"] = r["created_at"].(time.Time).Unix()
				delete(r, "created_at")
			},
		}, {
			Summary: "status can be suspended; older versions see inactive",
			Downgrade: func(r versions.Resource) {
				if r["status"] == "suspended" {
					r["status"] = "inactive"
				}
			},
		}}},
	)
	if err != nil {
		panic(err) // the changelog is code: a mistake in it is a bug, caught by every test
	}
	return chain
}

// ANCHOR_END: changelog

func rename(r versions.Resource, from, to string) {
	if v, ok := r[from]; ok {
		r[to] = v
		delete(r, from)
	}
}
