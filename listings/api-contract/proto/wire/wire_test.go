package wire_test

import (
	"fmt"
	"regexp"
	"strings"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"

	"playbook.example/api-contract/proto/wire"
)

func schema(root string) protoreflect.MessageDescriptor {
	descriptor, err := wire.Order(root)
	if err != nil {
		panic(err)
	}
	return descriptor
}

// write builds an order with the schema under root, with the fields every version has and the
// extra ones given, and encodes it in binary and in JSON.
func write(root string, extra map[string]protoreflect.Value) (binary, json []byte) {
	order := dynamicpb.NewMessage(schema(root))
	fields := order.Descriptor().Fields()
	values := map[string]protoreflect.Value{
		"id":           protoreflect.ValueOfString("ord_1"),
		"customer":     protoreflect.ValueOfString("cus_7"),
		"amount_minor": protoreflect.ValueOfInt64(5_000_000_000),
		"currency":     protoreflect.ValueOfString("JPY"),
		"status":       protoreflect.ValueOfEnum(2),
	}
	for name, value := range extra {
		values[name] = value
	}
	for name, value := range values {
		order.Set(fields.ByName(protoreflect.Name(name)), value)
	}
	binary, _ = proto.Marshal(order)
	json, _ = protojson.Marshal(order)
	return binary, json
}

// read decodes data with the schema under root and says what the reader got.
func read(root string, data []byte, decode func([]byte, proto.Message) error) string {
	order := dynamicpb.NewMessage(schema(root))
	if err := decode(data, order); err != nil {
		// protojson's messages give a column, which moves with the writer's random spaces, and
		// protobuf-go puts a random no-break space after "proto:" in its errors.
		message := strings.ReplaceAll(err.Error(), "\u00a0", " ")
		return "error: " + position.ReplaceAllString(message, "")
	}
	text, _ := protojson.MarshalOptions{UseProtoNames: true}.Marshal(order)
	unknown := ""
	if n := len(order.GetUnknown()); n > 0 {
		unknown = fmt.Sprintf(" + %d unknown bytes", n)
	}
	return strings.ReplaceAll(string(text), " ", "") + unknown
}

// protojson adds spaces to its output at random, differently in each build, so that nobody can
// depend on its exact bytes; error messages then point at different columns (and protobuf-go's
// internal/detrand picks a no-break space or a space after the errors' "proto:" the same way).
var position = regexp.MustCompile(`\(line \d+:\d+\): `)

var tolerant = protojson.UnmarshalOptions{DiscardUnknown: true}.Unmarshal

// ANCHOR: new-readers
// An order written by a program on the base schema, read by programs built from four pull
// requests, from the binary encoding and from the JSON encoding.
func Example_newReaders() {
	binary, json := write("../base", nil)
	for _, change := range []string{"rename-field", "renumber-field", "narrow-type", "delete-reserved"} {
		root := "../changes/" + change
		fmt.Printf("%s\n  binary: %s\n  json:   %s\n", change,
			read(root, binary, proto.Unmarshal), read(root, json, protojson.Unmarshal))
	}
	// Output:
	// rename-field
	//   binary: {"id":"ord_1","customer_id":"cus_7","amount_minor":"5000000000","currency":"JPY","status":"STATUS_PAID"}
	//   json:   error: proto: unknown field "customer"
	// renumber-field
	//   binary: {"id":"ord_1","amount_minor":"5000000000","currency":"JPY","status":"STATUS_PAID"} + 7 unknown bytes
	//   json:   {"id":"ord_1","customer":"cus_7","amount_minor":"5000000000","currency":"JPY","status":"STATUS_PAID"}
	// narrow-type
	//   binary: {"id":"ord_1","customer":"cus_7","amount_minor":705032704,"currency":"JPY","status":"STATUS_PAID"}
	//   json:   error: proto: invalid value for int32 field amountMinor: "5000000000"
	// delete-reserved
	//   binary: {"id":"ord_1","amount_minor":"5000000000","currency":"JPY","status":"STATUS_PAID"} + 7 unknown bytes
	//   json:   error: proto: unknown field "customer"
}

// ANCHOR_END: new-readers

// ANCHOR: reserved-name
// The JSON of the base schema, which still carries "customer", read by a program built from
// the pull request that deleted the field and reserved its name: Go's protojson treats the
// reserved name as unknown, and only DiscardUnknown reads it. Its text format, for comparison,
// skips reserved names.
func Example_reservedName() {
	_, json := write("../base", nil)
	text := []byte(`id: "ord_1" customer: "cus_7"`)
	root := "../changes/delete-reserved"
	fmt.Printf("protojson:                %s\n", read(root, json, protojson.Unmarshal))
	fmt.Printf("protojson DiscardUnknown: %s\n", read(root, json, tolerant))
	fmt.Printf("prototext:                %s\n", read(root, text, prototext.Unmarshal))
	// Output:
	// protojson:                error: proto: unknown field "customer"
	// protojson DiscardUnknown: {"id":"ord_1","amount_minor":"5000000000","currency":"JPY","status":"STATUS_PAID"}
	// prototext:                {"id":"ord_1"}
}

// ANCHOR_END: reserved-name

// ANCHOR: old-readers
// Orders written by programs built from the two additive pull requests, read by a program on
// the base schema: strictly, as protojson does by default, and with DiscardUnknown.
func Example_oldReaders() {
	writers := []struct {
		change string
		extra  map[string]protoreflect.Value
	}{
		{"add-field", map[string]protoreflect.Value{"note": protoreflect.ValueOfString("ring twice")}},
		{"add-enum-value", map[string]protoreflect.Value{"status": protoreflect.ValueOfEnum(3)}},
	}
	for _, w := range writers {
		binary, json := write("../changes/"+w.change, w.extra)
		fmt.Printf("%s\n  binary:        %s\n  json:          %s\n  json tolerant: %s\n", w.change,
			read("../base", binary, proto.Unmarshal), read("../base", json, protojson.Unmarshal), read("../base", json, tolerant))
	}
	// Output:
	// add-field
	//   binary:        {"id":"ord_1","customer":"cus_7","amount_minor":"5000000000","currency":"JPY","status":"STATUS_PAID"} + 12 unknown bytes
	//   json:          error: proto: unknown field "note"
	//   json tolerant: {"id":"ord_1","customer":"cus_7","amount_minor":"5000000000","currency":"JPY","status":"STATUS_PAID"}
	// add-enum-value
	//   binary:        {"id":"ord_1","customer":"cus_7","amount_minor":"5000000000","currency":"JPY","status":3}
	//   json:          error: proto: invalid value for enum field status: "STATUS_REFUNDED"
	//   json tolerant: {"id":"ord_1","customer":"cus_7","amount_minor":"5000000000","currency":"JPY"}
}

// ANCHOR_END: old-readers
