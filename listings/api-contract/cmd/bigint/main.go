// Command bigint sends one order with a 64-bit ID to a JavaScript client (Node.js) twice, the ID
// once as a JSON number and once as a string, and shows what Go's own decoder does with the
// number.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"os/exec"
	"strings"
)

func main() {
	// ANCHOR: encode
	const id int64 = 9007199254740993 // 2^53 + 1
	asNumber, _ := json.Marshal(struct {
		ID int64 `json:"id"`
	}{id})
	asString, _ := json.Marshal(struct {
		ID int64 `json:"id,string"`
	}{id})
	// ANCHOR_END: encode

	for _, body := range [][]byte{asNumber, asString} {
		fmt.Printf("Go sends: %s\n", body)
		node := exec.Command("node", "js/read-order.mjs", fmt.Sprint(id))
		node.Stdin = bytes.NewReader(body)
		node.Stderr = os.Stderr
		out, err := node.Output()
		if err != nil {
			log.Fatalf("node: %v", err)
		}
		for line := range strings.Lines(string(out)) {
			fmt.Print("  node ", line)
		}
	}

	// ANCHOR: go-any
	var generic map[string]any
	json.Unmarshal(asNumber, &generic)
	fmt.Printf("Go into map[string]any: %v (%T)\n", generic["id"], generic["id"])

	decoder := json.NewDecoder(bytes.NewReader(asNumber))
	decoder.UseNumber()
	decoder.Decode(&generic)
	fmt.Printf("Go with UseNumber: %v (%T)\n", generic["id"], generic["id"])
	// ANCHOR_END: go-any
	fmt.Printf("node %s", must(exec.Command("node", "--version").Output()))
}

func must(out []byte, err error) []byte {
	if err != nil {
		log.Fatal(err)
	}
	return out
}
