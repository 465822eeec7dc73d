// Command strictness decodes the same request bodies with encoding/json and, where the
// toolchain has it (Go 1.27, or GOEXPERIMENT=jsonv2 on Go 1.25 and 1.26), encoding/json/v2,
// and prints what each accepted.
package main

import (
	"encoding/json"
	"fmt"
	"runtime"
)

// ANCHOR: inputs
type createOrder struct {
	Customer string `json:"customer"`
	Amount   int64  `json:"amount"`
}

var inputs = []struct{ name, body string }{
	{"as documented", `{"customer":"cus_7","amount":1999}`},
	{"name in another case", `{"Customer":"cus_7","amount":1999}`},
	{"name twice", `{"customer":"cus_7","customer":"cus_8","amount":1999}`},
	{"invalid UTF-8", "{\"customer\":\"cus_\xff\",\"amount\":1999}"},
	{"unknown member", `{"customer":"cus_7","amount":1999,"coupon":"WINTER"}`},
}

// ANCHOR_END: inputs

func main() {
	fmt.Println(runtime.Version())
	for _, input := range inputs {
		fmt.Printf("%s\n  encoding/json:    %s\n", input.name, outcome(json.Unmarshal, input.body))
		if decode := unmarshalV2(); decode != nil {
			fmt.Printf("  encoding/json/v2: %s\n", outcome(decode, input.body))
		}
	}
}

func outcome(decode func([]byte, any) error, body string) string {
	var order createOrder
	if err := decode([]byte(body), &order); err != nil {
		return "refused: " + err.Error()
	}
	return fmt.Sprintf("accepted: customer %q, amount %d", order.Customer, order.Amount)
}
