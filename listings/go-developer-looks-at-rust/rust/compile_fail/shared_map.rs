// Not part of the crate: the record `refused` compiles this file alone with rustc,
// which must reject it. CountRacy from the Go listing, in Rust.
use std::collections::HashMap;
use std::thread;

// ANCHOR: racy
pub fn count_racy(chunks: &[Vec<String>]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    thread::scope(|s| {
        for chunk in chunks {
            let counts = &mut counts; // each thread needs to write the map
            s.spawn(move || {
                for word in chunk {
                    *counts.entry(word.clone()).or_insert(0) += 1;
                }
            });
        }
    });
    counts
}
// ANCHOR_END: racy
