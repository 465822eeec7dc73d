// Command collector prints which garbage collector it was built with. The
// go command sets a build tag goexperiment.<name> for every experiment that
// is on, so the choice is visible to the program itself; runtime.Version
// also names experiments that differ from the release's defaults.
package main

import (
	"fmt"
	"runtime"
)

// ANCHOR: main
func main() {
	collector := "Green Tea off"
	if greenTea {
		collector = "Green Tea on"
	}
	fmt.Printf("%s: %s\n", runtime.Version(), collector)
}

// ANCHOR_END: main
