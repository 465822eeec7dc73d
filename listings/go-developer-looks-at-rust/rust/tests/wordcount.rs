use std::collections::HashMap;
use std::sync::Mutex;
use std::thread;

// ANCHOR: fixed
/// The version rustc accepts: the map moves into a Mutex, and every thread
/// must lock it to reach the map.
pub fn count(chunks: &[Vec<String>]) -> HashMap<String, usize> {
    let counts = Mutex::new(HashMap::new());
    thread::scope(|s| {
        for chunk in chunks {
            let counts = &counts; // a shared reference: the Mutex does the rest
            s.spawn(move || {
                for word in chunk {
                    *counts.lock().unwrap().entry(word.clone()).or_insert(0) += 1;
                }
            });
        }
    });
    counts.into_inner().unwrap()
}
// ANCHOR_END: fixed

#[test]
fn counts_every_word() {
    let words = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
    let counts = count(&[words("go rust go"), words("rust go")]);
    assert_eq!(counts["go"], 3);
    assert_eq!(counts["rust"], 2);
}
