module playbook.example/broken-go

go 1.26.0
