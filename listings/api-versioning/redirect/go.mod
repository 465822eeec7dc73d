// A module of its own, with an old go line, so that Go 1.25 can build it too: the records
// redirect and redirect_go125 run it under both releases.
module playbook.example/api-versioning/redirect

go 1.22.0
