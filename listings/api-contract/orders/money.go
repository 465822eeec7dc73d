package orders

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// ANCHOR: money
// Money is an amount in the smallest unit of its currency (cents for EUR, yen for JPY) and the
// currency's ISO 4217 code. It is never a float: 0.1 + 0.2 is not 0.3 in binary floating point.
type Money struct {
	Minor    int64  `json:"minor"`
	Currency string `json:"currency"`
}

// minorDigits are the ISO 4217 exponents of the currencies this service accepts.
var minorDigits = map[string]int{"EUR": 2, "USD": 2, "JPY": 0, "BHD": 3}

// UnmarshalJSON accepts an integer number of minor units and a known currency, and names
// what it found otherwise, instead of rounding 19.99 into something.
func (m *Money) UnmarshalJSON(data []byte) error {
	var raw struct {
		Minor    json.RawMessage `json:"minor"` // not json.Number: it also takes "1999", quoted
		Currency string          `json:"currency"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("amount: %w", err)
	}
	if raw.Minor == nil {
		return errors.New("amount.minor is required")
	}
	minor, err := strconv.ParseInt(string(raw.Minor), 10, 64)
	if err != nil {
		return fmt.Errorf("amount.minor must be an integer number of minor units, found %s", raw.Minor)
	}
	if _, known := minorDigits[raw.Currency]; !known {
		return fmt.Errorf("amount.currency must be an ISO 4217 code this API accepts, found %q", raw.Currency)
	}
	*m = Money{Minor: minor, Currency: raw.Currency}
	return nil
}

// ANCHOR_END: money

// String shows the amount in major units, as a person reads it: 19.99 EUR, 1999 JPY.
func (m Money) String() string {
	digits := minorDigits[m.Currency]
	if digits == 0 {
		return fmt.Sprintf("%d %s", m.Minor, m.Currency)
	}
	unit := int64(1)
	for range digits {
		unit *= 10
	}
	sign, minor := "", m.Minor
	if minor < 0 {
		sign, minor = "-", -minor
	}
	return fmt.Sprintf("%s%d.%0*d %s", sign, minor/unit, digits, minor%unit, m.Currency)
}
