// Command depgate fails when a go.mod requires a module that is not on the allow-list.
//
//	depgate ALLOW-LIST [GO.MOD]
//
// It prints one line per unlisted module and exits with status 1; 2 for a usage or input error.
package main

import (
	"fmt"
	"os"
	"os/exec"

	"playbook.example/ai-coding-in-2026/deps"
)

func main() {
	if len(os.Args) < 2 || len(os.Args) > 3 {
		fmt.Fprintln(os.Stderr, "usage: depgate ALLOW-LIST [GO.MOD]")
		os.Exit(2)
	}
	allowText, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "depgate:", err)
		os.Exit(2)
	}
	goMod := "go.mod"
	if len(os.Args) == 3 {
		goMod = os.Args[2]
	}
	// go mod edit -json reads go.mod offline and prints it as JSON.
	modJSON, err := exec.Command("go", "mod", "edit", "-json", goMod).Output()
	if err != nil {
		fmt.Fprintf(os.Stderr, "depgate: go mod edit -json %s: %v\n", goMod, err)
		os.Exit(2)
	}
	unlisted, err := deps.Unlisted(modJSON, deps.ParseAllowList(allowText))
	if err != nil {
		fmt.Fprintln(os.Stderr, "depgate:", err)
		os.Exit(2)
	}
	for _, m := range unlisted {
		fmt.Printf("%s: not on the allow-list %s\n", m, os.Args[1])
	}
	if len(unlisted) > 0 {
		os.Exit(1)
	}
}
