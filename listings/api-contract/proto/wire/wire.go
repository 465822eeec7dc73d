// Package wire compiles the schemas of base/ and changes/ at run time, so that a test can write
// a message with one schema and read it with another, as an old and a new program would.
package wire

import (
	"context"
	"fmt"

	"github.com/bufbuild/protocompile"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Order compiles orders/v1/order.proto under root and returns its Order message.
func Order(root string) (protoreflect.MessageDescriptor, error) {
	compiler := protocompile.Compiler{
		Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{ImportPaths: []string{root}}),
	}
	files, err := compiler.Compile(context.Background(), "orders/v1/order.proto")
	if err != nil {
		return nil, fmt.Errorf("compile %s: %w", root, err)
	}
	return files[0].Messages().ByName("Order"), nil
}
