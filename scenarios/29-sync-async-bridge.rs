// title: Threads *and* async: blocking work on a thread feeds an async task
// watch: each value is produced by blocking work on a blocking-pool thread, where `std::thread::sleep` is fine: it blocks only that thread
// watch: when the pool thread finishes, it wakes the producer task from outside the runtime; the producer sends, and `main` wakes at `recv`
// watch: one value arrives per second; when the producer ends, its `tx` is dropped, `recv` returns `None` and `main` returns at 10000 ms
// misconception: it is not threads *or* async: blocking work can run on a thread and hand its results to async code through an async-aware channel.
// deviation: the Rust book's producer is one `std::thread::spawn` thread that sends and sleeps in a loop; here each blocking step is a `spawn_blocking` job awaited by an async producer task
// deviation: `std::thread::sleep`: real tokio's paused clock does not advance during it; AsyncViz charges it as virtual time on the pool thread
// deviation: the `block_on`-inside-a-runtime panic from the catalogue is not shown

use tokio::time::{Duration, Instant};

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();

    tokio::spawn(async move {
        for i in 1..11 {
            let value = tokio::task::spawn_blocking(move || {
                std::thread::sleep(Duration::from_secs(1)); // blocking is fine on a pool thread
                i
            })
            .await
            .unwrap();
            tx.send(value).unwrap();
        }
    }); // `tx` is dropped when the producer task ends

    while let Some(message) = rx.recv().await {
        println!("[{:>5} ms] {message}", start.elapsed().as_millis());
    }
    println!("[{:>5} ms] producer gone, channel closed", start.elapsed().as_millis());
}
