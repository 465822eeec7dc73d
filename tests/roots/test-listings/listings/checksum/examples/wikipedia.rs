//! Prints the Adler-32 of "Wikipedia", the example of the checksum's Wikipedia article.

fn main() {
    println!("Wikipedia -> 0x{:08X}", checksum::adler32(b"Wikipedia"));
}
