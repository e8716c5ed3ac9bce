// title: Threads *and* async: a blocking thread feeds an async task
// watch: the producer runs on a blocking-pool thread, where `std::thread::sleep` is fine: it blocks only that thread
// watch: each `send` wakes `main` from outside the runtime; `main` prints the value and waits again at `recv`
// watch: when the producer ends, its `tx` is dropped, `recv` returns `None` and `main` returns at 10000 ms
// misconception: it is not threads *or* async: blocking work can run on a thread and hand its results to async code through an async-aware channel.
// deviation: the Rust book's `std::thread::spawn` producer runs here on tokio's blocking pool (`spawn_blocking`)
// deviation: `std::thread::sleep`: real tokio's paused clock does not advance during it; AsyncViz charges it as virtual time on the pool thread
// deviation: the `block_on`-inside-a-runtime panic from the catalogue is not shown

use tokio::time::{Duration, Instant};

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();

    tokio::task::spawn_blocking(move || {
        // a thread of its own: blocking is fine here
        for i in 1..11 {
            tx.send(i).unwrap();
            std::thread::sleep(Duration::from_secs(1));
        }
    });

    while let Some(message) = rx.recv().await {
        println!("[{:>5} ms] {message}", start.elapsed().as_millis());
    }
    println!("[{:>5} ms] producer gone, channel closed", start.elapsed().as_millis());
}
