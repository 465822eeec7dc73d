// Package tzrule builds a *time.Location from a POSIX TZ rule string such as
// "CST6CDT,M4.1.0,M10.5.0". Tests use it to replay time zone rules that the
// tz database has since replaced, and to rehearse a rule change before the
// government that decides it has decided.
package tzrule

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"time"
)

// FromRule returns a Location that follows rule for all time. It encodes a
// minimal TZif file (RFC 8536): no transitions, one time type for standard
// time, and rule as the footer that readers use after the last transition.
// Go does not report a footer it cannot parse: it falls back to the standard
// type for all time. Check the result against dates whose offsets you know.
func FromRule(name, rule string, stdAbbrev string, stdOffsetSeconds int32) (*time.Location, error) {
	var file bytes.Buffer
	abbrevs := append([]byte(stdAbbrev), 0)

	writeBlock := func(version byte) {
		file.WriteString("TZif")
		file.WriteByte(version)
		file.Write(make([]byte, 15))
		// isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
		for _, count := range []uint32{0, 0, 0, 0, 1, uint32(len(abbrevs))} {
			binary.Write(&file, binary.BigEndian, count)
		}
		binary.Write(&file, binary.BigEndian, stdOffsetSeconds) // utoff
		file.WriteByte(0)                                       // isdst
		file.WriteByte(0)                                       // index of the abbreviation
		file.Write(abbrevs)
	}
	writeBlock('2') // version 1 data block (the header says the file is version 2)
	writeBlock('2') // version 2 data block: 64-bit times, none here
	fmt.Fprintf(&file, "\n%s\n", rule)

	loc, err := time.LoadLocationFromTZData(name, file.Bytes())
	if err != nil {
		return nil, fmt.Errorf("tzrule: zone %q from rule %q: %w", name, rule, err)
	}
	return loc, nil
}
