//go:build !goexperiment.jsonv2

package main

// unmarshalV2 is nil where the toolchain has no encoding/json/v2.
func unmarshalV2() func([]byte, any) error { return nil }
