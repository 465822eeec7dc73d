package survey

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"

	"playbook.example/go-struct-field-alignment/sizeclass"
)

// Corpus is a set of packages to survey: patterns loaded in the module at Dir.
type Corpus struct {
	Label    string
	Dir      string
	Patterns []string
}

// ModuleDir downloads a module at the version the module at dir requires (checked against its
// go.sum) and returns the folder it was unpacked in, and the version.
func ModuleDir(dir, module string) (folder, version string, err error) {
	cmd := exec.Command("go", "mod", "download", "-json", module)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", "", fmt.Errorf("go mod download %s in %s: %v", module, dir, err)
	}
	var info struct{ Dir, Version, Error string }
	if err := json.Unmarshal(out, &info); err != nil {
		return "", "", err
	}
	if info.Error != "" {
		return "", "", fmt.Errorf("go mod download %s: %s", module, info.Error)
	}
	return info.Dir, info.Version, nil
}

// Survey loads a corpus, finds its structs and checks every size against fieldalignment's.
func Survey(c Corpus, table sizeclass.Table) (Summary, error) {
	pkgs, broken, err := Load(c.Dir, c.Patterns...)
	if err != nil {
		return Summary{}, err
	}
	// The standard library vendors a few golang.org/x packages: they are not its own code.
	kept := pkgs[:0]
	for _, p := range pkgs {
		if !strings.HasPrefix(p.PkgPath, "vendor/") {
			kept = append(kept, p)
		}
	}
	found, generic := Find(kept, table)
	problems, err := Disagreements(kept, found, generic)
	if err != nil {
		return Summary{}, err
	}
	if len(problems) > 0 {
		return Summary{}, fmt.Errorf("%s: the survey and fieldalignment disagree:\n%s", c.Label, strings.Join(problems, "\n"))
	}
	s := Summary{Corpus: c.Label, Structs: found, Generic: len(generic)}
	for _, p := range broken {
		s.Broken = append(s.Broken, p.PkgPath)
	}
	return s, nil
}
