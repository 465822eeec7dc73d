// Command survey prints how much padding reordering would remove from the struct types of the Go
// standard library and of a few widely used modules (pinned in survey/testdata/corpus), after
// checking every figure against the fieldalignment analyzer. With -here, it surveys packages of
// this module instead, which takes seconds.
package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"playbook.example/go-struct-field-alignment/sizeclass"
	"playbook.example/go-struct-field-alignment/survey"
)

// The modules, each with the short name the report gives it.
var modules = []struct{ path, name string }{
	{"github.com/jackc/pgx/v5", "pgx"},
	{"github.com/prometheus/client_golang", "client_golang"},
	{"github.com/redis/go-redis/v9", "go-redis"},
	{"google.golang.org/grpc", "grpc"},
	{"k8s.io/api", "k8s.io/api"},
}

func main() {
	log.SetFlags(0)
	here := flag.Bool("here", false, "survey the packages named by the arguments, in this module")
	flag.Parse()
	table, err := sizeclass.Load()
	if err != nil {
		log.Fatal(err)
	}
	var corpora []survey.Corpus
	if *here {
		corpora = append(corpora, survey.Corpus{Label: strings.Join(flag.Args(), " "), Dir: ".", Patterns: flag.Args()})
	} else {
		corpora = append(corpora, survey.Corpus{Label: "std " + runtime.Version(), Dir: ".", Patterns: []string{"std"}})
		pinned, err := filepath.Abs(filepath.Join("survey", "testdata", "corpus"))
		if err != nil {
			log.Fatal(err)
		}
		for _, m := range modules {
			dir, version, err := survey.ModuleDir(pinned, m.path)
			if err != nil {
				log.Fatal(err)
			}
			corpora = append(corpora, survey.Corpus{Label: m.name + " " + version, Dir: dir, Patterns: []string{"./..."}})
		}
	}
	var summaries []survey.Summary
	for _, c := range corpora {
		s, err := survey.Survey(c, table)
		if err != nil {
			log.Fatal(err)
		}
		summaries = append(summaries, s)
	}
	survey.Report(os.Stdout, summaries)
}
