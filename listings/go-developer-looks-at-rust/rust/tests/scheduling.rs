use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

// ANCHOR: cooperative
/// A task runs until it reaches an `.await`: on a one-thread runtime, a task
/// that computes without awaiting keeps every other task from running.
#[tokio::test(flavor = "current_thread")]
async fn a_task_that_never_awaits_starves_the_others() {
    let ran = Arc::new(AtomicBool::new(false));
    let flag = ran.clone();
    tokio::spawn(async move { flag.store(true, Ordering::SeqCst) });

    let mut sum = 0u64;
    for i in 0..20_000_000u64 {
        sum = sum.wrapping_add(i ^ (sum >> 3)); // CPU work, no .await
    }
    std::hint::black_box(sum);
    assert!(
        !ran.load(Ordering::SeqCst),
        "the spawned task ran during the loop"
    );

    tokio::task::yield_now().await; // an .await: the scheduler runs the other task
    assert!(ran.load(Ordering::SeqCst));
}
// ANCHOR_END: cooperative

// ANCHOR: blocking
/// Blocking work belongs on the blocking pool: spawn_blocking wants a closure
/// that owns what it uses ('static), and returns a JoinHandle to await.
#[tokio::test(flavor = "current_thread")]
async fn blocking_work_goes_to_spawn_blocking() {
    let ran = Arc::new(AtomicBool::new(false));
    let flag = ran.clone();
    tokio::spawn(async move { flag.store(true, Ordering::SeqCst) });

    let words = vec!["go".to_string(), "rust".to_string()];
    let (total, other_task_ran) = tokio::task::spawn_blocking(move || {
        // Stands for CPU work or blocking I/O. It waits, on its own thread, for the
        // other task, which can run only because this closure is not on the worker.
        let deadline = Instant::now() + Duration::from_secs(10);
        while !ran.load(Ordering::SeqCst) && Instant::now() < deadline {
            std::thread::yield_now();
        }
        (
            words.iter().map(|w| w.len()).sum::<usize>(),
            ran.load(Ordering::SeqCst),
        )
    })
    .await
    .expect("the blocking task panicked");

    assert_eq!(total, 6);
    assert!(
        other_task_ran,
        "the other task ran while the blocking work held its thread"
    );
}
// ANCHOR_END: blocking
