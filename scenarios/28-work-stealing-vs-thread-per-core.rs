// title: Uneven load: Tokio work stealing vs thread-per-core
// watch: eight connection tasks with uneven CPU cost run in 10 ms slices, with `yield_now` between slices
// watch: on real tokio idle workers steal tasks, so the makespan is about 400 ms, the longest task; on one core it is the 750 ms sum
// watch: after each `yield_now` a task goes to the back of its worker's queue, so the short tasks finish long before `c0`
// misconception: work stealing (or more threads) is not always faster, and thread-per-core is not always faster either: the workload decides.
// deviation: AsyncViz runs this on one worker for now, which is what a single monoio core would do with all eight connections: 750 ms
// deviation: `busy(10)` is `std::thread::sleep`: AsyncViz charges it as virtual time on the worker; real tokio here uses the real clock
// deviation: the monoio half (`#[monoio::main(threads = 4)]`, tasks never migrate, `Rc` allowed) cannot run here and is shown only as a comment

use tokio::time::{Duration, Instant};

// Tasks may migrate to another worker at any .await, so they must be Send + 'static.
async fn handle_conn(cpu_ms: u64) -> u64 {
    for _ in 0..cpu_ms / 10 {
        std::thread::sleep(Duration::from_millis(10)); // busy(10): 10 ms of CPU
        tokio::task::yield_now().await; // a migration point
    }
    cpu_ms
}

// monoio: #[monoio::main(threads = 4, timer_enabled = true)] runs `main` once per core;
// each core spawns only the connections it accepted, and they never leave that core.

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() {
    let start = Instant::now();
    let mut handles = Vec::new();
    for cost in [400u64, 50, 50, 50, 50, 50, 50, 50] {
        handles.push(tokio::spawn(handle_conn(cost)));
    }
    let mut total = 0;
    for h in handles {
        total += h.await.unwrap();
    }
    println!("{total} ms of CPU work; makespan {} ms", start.elapsed().as_millis());
}
