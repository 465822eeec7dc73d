//go:build !goexperiment.jsonv2

package jsoncost

import (
	"testing"

	"playbook.example/making-go-services-fast/prices"
)

// Without the jsonv2 experiment (Go 1.26 by default, or Go 1.27 with GOEXPERIMENT=nojsonv2),
// encoding/json/v2 does not exist: only encoding/json is measured.

func benchmarkEncodeV2(*testing.B, prices.PriceList) {}

func benchmarkDecodeV2(*testing.B, []byte) {}

func compareV2(*testing.T, []byte) {}
