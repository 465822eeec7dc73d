package lint

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The module's folder: tests run in lint/.
const module = ".."

// go vet does not include fieldalignment: the padded structs of the layout package pass it
// without a word.
func TestVetIsSilentAboutPadding(t *testing.T) {
	cmd := exec.Command("go", "vet", "./layout/")
	cmd.Dir = module
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Fatalf("go vet ./layout/: want success and no output, got %v\n%s", err, out)
	}
}

// -fix moves the pointer ahead of the atomically updated int64, into exactly the order the
// 32-bit demonstration (cmd/align32) declares as FixedStats, and drops every comment.
func TestFixReordersAndDropsComments(t *testing.T) {
	report, fixed, err := Fix(module, filepath.Join("testdata", "fixdemo", "stats.go"), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(report, "Stats has 16 leading bytes of pointer data but optimal value is 8") {
		t.Errorf("report: want the pointer-bytes diagnostic, got %q", report)
	}
	align32, err := os.ReadFile(filepath.Join(module, "cmd", "align32", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fieldOrder(t, fixed, "Stats"), fieldOrder(t, string(align32), "FixedStats"); got != want {
		t.Errorf("fieldalignment -fix orders Stats as %q, cmd/align32 declares FixedStats as %q", got, want)
	}
	body := regexp.MustCompile(`(?s)type Stats struct \{.*?\n\}`).FindString(fixed)
	if strings.Contains(body, "//") {
		t.Errorf("want the comments inside the struct dropped, got\n%s", body)
	}
}

// Among fields that hold pointers, the analyzer's order puts first the ones with fewer bytes after
// their last pointer, before it looks at sizes: a pointer, then a string, then a slice.
func TestFixOrdersPointerFieldsByTrailingScalars(t *testing.T) {
	report, fixed, err := Fix(module, filepath.Join("testdata", "pointerorder", "order.go"), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(report, "Mixed has 48 leading bytes of pointer data but optimal value is 32") {
		t.Errorf("report: want the pointer-bytes diagnostic, got %q", report)
	}
	if got, want := fieldOrder(t, fixed, "Mixed"), "Next Name List"; got != want {
		t.Errorf("fieldalignment -fix orders Mixed as %q, want %q", got, want)
	}
}

// fieldOrder is the list of field names of struct name in source, in order.
func fieldOrder(t *testing.T, source, name string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)type ` + name + ` struct \{\n(.*?)\n\}`).FindStringSubmatch(source)
	if m == nil {
		t.Fatalf("no struct %s found", name)
	}
	var fields []string
	for _, line := range strings.Split(m[1], "\n") {
		if f := strings.Fields(line); len(f) > 0 && !strings.HasPrefix(f[0], "//") {
			fields = append(fields, f[0])
		}
	}
	return strings.Join(fields, " ")
}
