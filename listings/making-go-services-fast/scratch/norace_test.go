//go:build !race

package scratch

// raceDetector reports whether the test binary was built with -race.
const raceDetector = false
