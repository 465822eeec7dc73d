module playbook.example/backoff

go 1.26.0
