//! Adler-32 (RFC 1950, section 9): the checksum at the end of every zlib stream.

/// The largest prime below 2^16: both running sums are kept modulo it.
const MODULUS: u32 = 65521;

// ANCHOR: adler32
/// Adler-32 of `data`: a running sum of the bytes (`a`, starting at 1) and a running
/// sum of those sums (`b`), each modulo 65521, packed as `b << 16 | a`.
///
/// ```
/// assert_eq!(checksum::adler32(b"Wikipedia"), 0x11E6_0398);
/// ```
pub fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + u32::from(byte)) % MODULUS;
        b = (b + a) % MODULUS;
    }
    (b << 16) | a
}
// ANCHOR_END: adler32

#[cfg(test)]
mod tests {
    use super::adler32;

    #[test]
    fn empty_input_is_one() {
        assert_eq!(adler32(b""), 1);
    }

    #[test]
    fn long_input_matches_zlib() {
        // 1 MiB of 0xFF: without the modulo steps `b` overflows a u32 (a panic in a test build).
        // Expected value from Python's zlib.adler32(b"\xff" * 2**20).
        assert_eq!(adler32(&vec![0xFFu8; 1 << 20]), 0x8E88_EF11);
    }
}
