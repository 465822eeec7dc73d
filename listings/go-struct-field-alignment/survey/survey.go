// Package survey measures padding in real code: for every struct type written in a set of
// packages, its size on linux/amd64, the size of the same fields in the order that leaves no
// padding, and what each of the two would take as a heap object.
package survey

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"slices"

	"golang.org/x/tools/go/packages"

	"playbook.example/go-struct-field-alignment/sizeclass"
)

// Struct is one struct type literal found in the source, as fieldalignment sees it.
type Struct struct {
	Package string // import path
	PkgName string // package name
	Name    string // the declared type's name, or "struct" for an anonymous struct
	Pos     token.Position
	Size    int64 // as declared
	Optimal int64 // fields sorted by alignment, zero-size ones first
	// Heap objects of each layout, from the toolchain's size classes.
	Object, OptimalObject int
}

// Saving is the share of the declared size that reordering removes, in percent.
func (s Struct) Saving() float64 { return 100 * float64(s.Size-s.Optimal) / float64(s.Size) }

// Sizes is the layout the survey assumes: the gc compiler's on linux/amd64.
var Sizes = types.SizesFor("gc", "amd64")

// Load loads the packages matching the patterns in the module at dir, for linux/amd64 without
// cgo so that every run sees the same files; packages with errors are returned apart.
func Load(dir string, patterns ...string) (ok, broken []*packages.Package, err error) {
	cfg := &packages.Config{
		Mode: packages.LoadSyntax,
		Dir:  dir,
		Env:  append(os.Environ(), "GOOS=linux", "GOARCH=amd64", "CGO_ENABLED=0", "GOFLAGS=-mod=readonly"),
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range pkgs {
		if len(p.Errors) > 0 || p.TypesInfo == nil {
			broken = append(broken, p)
		} else {
			ok = append(ok, p)
		}
	}
	return ok, broken, nil
}

// Find lists every struct type literal with at least two fields in the packages' files, skipping
// those whose layout depends on a type parameter (their size is not known until instantiation).
func Find(pkgs []*packages.Package, table sizeclass.Table) (found []Struct, generic []token.Position) {
	for _, p := range pkgs {
		for _, file := range p.Syntax {
			names := map[*ast.StructType]string{} // "type T struct{...}": the literal's name
			ast.Inspect(file, func(n ast.Node) bool {
				if spec, ok := n.(*ast.TypeSpec); ok {
					if lit, ok := spec.Type.(*ast.StructType); ok {
						names[lit] = spec.Name.Name
					}
				}
				return true
			})
			ast.Inspect(file, func(n ast.Node) bool {
				lit, ok := n.(*ast.StructType)
				if !ok {
					return true
				}
				declared, _ := p.TypesInfo.TypeOf(lit).(*types.Struct)
				if declared == nil || declared.NumFields() < 2 {
					return true
				}
				if dependsOnTypeParameter(declared) {
					generic = append(generic, p.Fset.Position(lit.Pos()))
					return true
				}
				name, ok := names[lit]
				if !ok {
					name = "struct"
				}
				optimal := Reorder(declared)
				pointers := hasPointers(declared)
				found = append(found, Struct{
					Package: p.PkgPath, PkgName: p.Name, Name: name, Pos: p.Fset.Position(lit.Pos()),
					Size: Sizes.Sizeof(declared), Optimal: Sizes.Sizeof(optimal),
					Object:        table.ObjectSize(int(Sizes.Sizeof(declared)), pointers),
					OptimalObject: table.ObjectSize(int(Sizes.Sizeof(optimal)), pointers),
				})
				return true
			})
		}
	}
	return found, generic
}

// ANCHOR: reorder
// Reorder returns the struct's fields in the order with the least padding: zero-size fields
// first (a zero-size last field costs padding), then by alignment, largest first. Since every
// size is a multiple of its alignment, no field then needs padding before it.
func Reorder(s *types.Struct) *types.Struct {
	fields := make([]*types.Var, s.NumFields())
	for i := range fields {
		fields[i] = s.Field(i)
	}
	slices.SortStableFunc(fields, func(a, b *types.Var) int {
		if za, zb := Sizes.Sizeof(a.Type()) == 0, Sizes.Sizeof(b.Type()) == 0; za != zb {
			if za {
				return -1
			}
			return 1
		}
		return cmp.Compare(Sizes.Alignof(b.Type()), Sizes.Alignof(a.Type()))
	})
	return types.NewStruct(fields, nil)
}

// ANCHOR_END: reorder

func dependsOnTypeParameter(t types.Type) bool {
	switch t := types.Unalias(t).(type) {
	case *types.TypeParam:
		return true
	case *types.Array:
		return dependsOnTypeParameter(t.Elem())
	case *types.Struct:
		for i := range t.NumFields() {
			if dependsOnTypeParameter(t.Field(i).Type()) {
				return true
			}
		}
	case *types.Named:
		if t.TypeArgs().Len() > 0 {
			return dependsOnTypeParameter(t.Underlying())
		}
	}
	return false
}

// hasPointers reports whether values of t hold pointers the garbage collector must find.
func hasPointers(t types.Type) bool {
	switch t := t.Underlying().(type) {
	case *types.Basic:
		return t.Kind() == types.String || t.Kind() == types.UnsafePointer
	case *types.Array:
		return t.Len() > 0 && hasPointers(t.Elem())
	case *types.Struct:
		for i := range t.NumFields() {
			if hasPointers(t.Field(i).Type()) {
				return true
			}
		}
		return false
	}
	return true // pointers, slices, maps, channels, functions, interfaces
}
