// Reads one order as JSON on standard input, as a browser or Node.js client would, and prints
// what JSON.parse made of its id (compared with the ID the server meant, the first argument)
// and the body the client would send back.
const meant = process.argv[2];
let input = "";
for await (const chunk of process.stdin) input += chunk;

// ANCHOR: parse
const order = JSON.parse(input);
console.log(`id: ${order.id} (${typeof order.id}), the server's ID: ${String(order.id) === meant}`);
console.log(`sent back: ${JSON.stringify({ id: order.id })}`);
// ANCHOR_END: parse
