//go:build goexperiment.jsonv2

package main

import jsonv2 "encoding/json/v2"

// unmarshalV2 is encoding/json/v2 with its default options.
func unmarshalV2() func([]byte, any) error {
	return func(data []byte, v any) error { return jsonv2.Unmarshal(data, v) }
}
