// Command sizeclasses prints the allocator's size classes up to 640 bytes, read from the
// toolchain's own source.
package main

import (
	"fmt"
	"log"

	"playbook.example/go-struct-field-alignment/sizeclass"
)

func main() {
	log.SetFlags(0)
	table, err := sizeclass.Load()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("From $GOROOT/%s:\n", sizeclass.File)
	fmt.Println("class  bytes/obj  objects/span  tail waste  max waste")
	for _, c := range table {
		if c.Bytes > 640 {
			break
		}
		fmt.Printf("%5d  %9d  %12d  %10d  %9s\n", c.Class, c.Bytes, c.Objects, c.TailWaste, c.MaxWaste)
	}
}
