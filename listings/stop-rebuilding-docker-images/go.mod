module playbook.example/stop-rebuilding-docker-images

go 1.26.0
