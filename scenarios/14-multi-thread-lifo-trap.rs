// title: "But I have 4 workers!": a blocked worker and the LIFO slot
// watch: the outer task spawns `inner` and then blocks its worker for 1 s with `std::thread::sleep`
// watch: on real tokio `inner` sits in that worker's LIFO slot, which idle workers cannot steal, so it waits for the blocked worker
// watch: the whole program takes about 2 s instead of about 1 s
// misconception: a multi-threaded runtime does not guarantee that one blocking task only hurts its own thread: idle workers cannot take everything.
// deviation: AsyncViz runs this on one worker for now, so it shows 2000 ms for a simpler reason: there is no other worker at all
// deviation: `std::thread::sleep`: AsyncViz charges it as virtual time on the worker; real tokio here uses the real clock
// deviation: the catalogue prints `start.elapsed()` with `std::time::Instant`; here it is tokio's `Instant`, rounded to whole milliseconds

use tokio::time::{Duration, Instant};

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() {
    let start = Instant::now();
    tokio::spawn(async {
        let inner = tokio::spawn(async {
            std::thread::sleep(Duration::from_secs(1)); // blocking child
        });
        std::thread::sleep(Duration::from_secs(1)); // blocking parent
        inner.await.unwrap();
    })
    .await
    .unwrap();
    println!("elapsed {} ms", start.elapsed().as_millis()); // about 2000, not about 1000
}
