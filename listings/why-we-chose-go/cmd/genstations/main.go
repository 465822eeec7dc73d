// Command genstations writes the data set both services load:
//
//	go run ./cmd/genstations > stations/stations.json
package main

import (
	"log"
	"os"

	"playbook.example/why-we-chose-go/stations"
)

func main() {
	data, err := stations.Encode(stations.Generate(stations.DataSetSize, stations.DataSetSeed))
	if err != nil {
		log.Fatal(err)
	}
	if _, err := os.Stdout.Write(data); err != nil {
		log.Fatal(err)
	}
}
