// Package versions holds an API's breaking changes as data: an ordered list of dated versions,
// each with the changes it made, and the code that converts a resource between the newest
// version and any older one. Handlers are written for the newest version only.
package versions

import (
	"fmt"
	"slices"
	"strings"
)

// ANCHOR: types
// A Resource is a JSON object as the API sends or receives it.
type Resource = map[string]any

// A Change is one breaking change, written once, in both directions.
type Change struct {
	Summary string
	// Downgrade turns a response of this change's version into the shape the version before
	// it sent. Upgrade turns a request body written for the version before into this one's.
	// Either may be nil when the change does not touch that direction.
	Downgrade func(Resource)
	Upgrade   func(Resource)
}

// A Version is a date-named version, the major number the path and the media type call it
// by, and the changes that made it.
type Version struct {
	Date    string // YYYY-MM-DD, the day the version was released
	Major   int
	Changes []Change
}

// ANCHOR_END: types

// A Chain is every version of the API, oldest first.
type Chain struct {
	versions []Version
}

// NewChain checks that the versions are in release order and numbered 1, 2, 3...
func NewChain(versions ...Version) (*Chain, error) {
	for i, v := range versions {
		if v.Major != i+1 {
			return nil, fmt.Errorf("version %s: expected major %d, found %d", v.Date, i+1, v.Major)
		}
		if i > 0 && v.Date <= versions[i-1].Date {
			return nil, fmt.Errorf("version %s: expected a date after %s", v.Date, versions[i-1].Date)
		}
		if i > 0 && len(v.Changes) == 0 {
			return nil, fmt.Errorf("version %s: a new version needs at least one breaking change", v.Date)
		}
	}
	return &Chain{versions: versions}, nil
}

// Newest is the version handlers are written for.
func (c *Chain) Newest() Version { return c.versions[len(c.versions)-1] }

// ByDate finds a version by its date.
func (c *Chain) ByDate(date string) (Version, bool) {
	i := slices.IndexFunc(c.versions, func(v Version) bool { return v.Date == date })
	if i < 0 {
		return Version{}, false
	}
	return c.versions[i], true
}

// ByMajor finds a version by its major number.
func (c *Chain) ByMajor(major int) (Version, bool) {
	if major < 1 || major > len(c.versions) {
		return Version{}, false
	}
	return c.versions[major-1], true
}

// Dates lists every version's date, oldest first, for error messages and changelogs.
func (c *Chain) Dates() string {
	dates := make([]string, len(c.versions))
	for i, v := range c.versions {
		dates[i] = v.Date
	}
	return strings.Join(dates, ", ")
}

// ANCHOR: convert
// Downgrade rewrites a response built for the newest version into the shape of version
// `to`: each newer version's changes are undone, newest first, so that every Downgrade
// function receives exactly the shape it was written against.
func (c *Chain) Downgrade(r Resource, to Version) {
	for i := len(c.versions) - 1; i >= to.Major; i-- {
		changes := c.versions[i].Changes
		for j := len(changes) - 1; j >= 0; j-- {
			if changes[j].Downgrade != nil {
				changes[j].Downgrade(r)
			}
		}
	}
}

// Upgrade rewrites a request body written for version `from` into the newest shape,
// oldest change first: the same walk in the other direction.
func (c *Chain) Upgrade(r Resource, from Version) {
	for _, v := range c.versions[from.Major:] {
		for _, change := range v.Changes {
			if change.Upgrade != nil {
				change.Upgrade(r)
			}
		}
	}
}

// ANCHOR_END: convert
