package service_test

// ANCHOR: three-ways
// The same customer in version 2, asked for three ways by an account pinned to version 1,
// then with no version at all.
func Example_threeWays() {
	srv := listen(june)
	defer srv.Close()
	show := []string{"Content-Type", "Playbook-Version", "Vary"}
	call(srv, "GET", "/v2/customers/cus_42", "", []string{bearer("key_2021")}, show...)
	call(srv, "GET", "/customers/cus_42", "", []string{bearer("key_2021"),
		"Accept: application/vnd.playbook.v2+json"}, show...)
	call(srv, "GET", "/customers/cus_42", "", []string{bearer("key_2021"),
		"Playbook-Version: 2022-03-01"}, show...)
	call(srv, "GET", "/customers/cus_42", "", []string{bearer("key_2021")}, show...)
	// Output:
	// GET /v2/customers/cus_42
	//   -> 200 OK
	//      Content-Type: application/json
	//      Playbook-Version: 2022-03-01
	//      {"company":"Analytical Engines Ltd","created":1606815000,"email_address":"ada@example.com","id":"cus_42","name":"Ada Lovelace","status":"inactive"}
	// GET /customers/cus_42  Accept: application/vnd.playbook.v2+json
	//   -> 200 OK
	//      Content-Type: application/vnd.playbook.v2+json
	//      Playbook-Version: 2022-03-01
	//      Vary: Accept, Playbook-Version, Authorization
	//      {"company":"Analytical Engines Ltd","created":1606815000,"email_address":"ada@example.com","id":"cus_42","name":"Ada Lovelace","status":"inactive"}
	// GET /customers/cus_42  Playbook-Version: 2022-03-01
	//   -> 200 OK
	//      Content-Type: application/json
	//      Playbook-Version: 2022-03-01
	//      Vary: Accept, Playbook-Version, Authorization
	//      {"company":"Analytical Engines Ltd","created":1606815000,"email_address":"ada@example.com","id":"cus_42","name":"Ada Lovelace","status":"inactive"}
	// GET /customers/cus_42
	//   -> 200 OK
	//      Content-Type: application/json
	//      Playbook-Version: 2020-12-01
	//      Vary: Accept, Playbook-Version, Authorization
	//      {"company":"Analytical Engines Ltd","created":1606815000,"email":"ada@example.com","id":"cus_42","name":"Ada Lovelace","status":"inactive"}
}

// ANCHOR_END: three-ways

// ANCHOR: dated
// Date-based versions: the account of 2023 is pinned to 2022-03-01, a header overrides the pin
// for one request, a new account is pinned to the newest version on its first request, and
// an old client's POST is upgraded on the way in and downgraded on the way out.
func Example_dated() {
	srv := listen(june)
	defer srv.Close()
	show := []string{"Playbook-Version"}
	call(srv, "GET", "/customers/cus_42", "", []string{bearer("key_2023")}, show...)
	call(srv, "GET", "/customers/cus_42", "", []string{bearer("key_2023"), "Playbook-Version: 2024-10-01"}, show...)
	call(srv, "GET", "/customers/cus_42", "", []string{bearer("key_new")}, show...)
	call(srv, "POST", "/customers", `{"name":"Grace Hopper","email":"grace@example.com"}`,
		[]string{bearer("key_2021")}, append(show, "Location")...)
	call(srv, "GET", "/customers/cus_101", "", []string{bearer("key_new")}, show...)
	// Output:
	// GET /customers/cus_42
	//   -> 200 OK
	//      Playbook-Version: 2022-03-01
	//      {"company":"Analytical Engines Ltd","created":1606815000,"email_address":"ada@example.com","id":"cus_42","name":"Ada Lovelace","status":"inactive"}
	// GET /customers/cus_42  Playbook-Version: 2024-10-01
	//   -> 200 OK
	//      Playbook-Version: 2024-10-01
	//      {"company":"Analytical Engines Ltd","created_at":"2020-12-01T09:30:00Z","email_address":"ada@example.com","id":"cus_42","name":"Ada Lovelace","status":"suspended"}
	// GET /customers/cus_42
	//   -> 200 OK
	//      Playbook-Version: 2024-10-01
	//      {"company":"Analytical Engines Ltd","created_at":"2020-12-01T09:30:00Z","email_address":"ada@example.com","id":"cus_42","name":"Ada Lovelace","status":"suspended"}
	// POST /customers
	//      {"name":"Grace Hopper","email":"grace@example.com"}
	//   -> 201 Created
	//      Playbook-Version: 2020-12-01
	//      Location: /customers/cus_101
	//      {"created":1781524800,"email":"grace@example.com","id":"cus_101","name":"Grace Hopper","status":"active"}
	// GET /customers/cus_101
	//   -> 200 OK
	//      Playbook-Version: 2024-10-01
	//      {"created_at":"2026-06-15T12:00:00Z","email_address":"grace@example.com","id":"cus_101","name":"Grace Hopper","status":"active"}
}

// ANCHOR_END: dated
