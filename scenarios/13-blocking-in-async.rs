// title: `std::thread::sleep` vs `tokio::time::sleep` vs `spawn_blocking`
// watch: (A) one poll of `main` lasts 3000 ms: each `std::thread::sleep` blocks the only worker, so the timers run one after another
// watch: (B) all three register a timer holding `main`'s waker and return `Pending`; one wake at +1000 ms finishes all three
// watch: (C) the blocking sleeps move to the blocking pool; the worker is idle and the pool threads wake `main` at +1000 ms
// misconception: blocking calls are not fine inside an `async fn`: they stop every other future on the thread, and tokio does not detect them.
// deviation: `std::thread::sleep`: real tokio's paused clock does not advance during it; AsyncViz charges it as virtual time on the worker or pool thread
// deviation: on real tokio the order of (C)'s "done" lines depends on which pool thread finishes first

use tokio::time::{Duration, Instant};

async fn a_thread_sleep(timer: i32, start: Instant) {
    println!("[{:>4} ms] Start timer {timer}.", start.elapsed().as_millis());
    std::thread::sleep(Duration::from_secs(1)); // (A) No .await here!
    println!("[{:>4} ms] Timer {timer} done.", start.elapsed().as_millis());
}

async fn b_tokio_sleep(timer: i32, start: Instant) {
    println!("[{:>4} ms] Start timer {timer}.", start.elapsed().as_millis());
    tokio::time::sleep(Duration::from_secs(1)).await; // (B)
    println!("[{:>4} ms] Timer {timer} done.", start.elapsed().as_millis());
}

async fn c_spawn_blocking(timer: i32, start: Instant) {
    println!("[{:>4} ms] Start timer {timer}.", start.elapsed().as_millis());
    tokio::task::spawn_blocking(|| std::thread::sleep(Duration::from_secs(1))).await.unwrap(); // (C)
    println!("[{:>4} ms] Timer {timer} done.", start.elapsed().as_millis());
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let s = Instant::now();
    println!("(A) std::thread::sleep");
    tokio::join!(a_thread_sleep(1, s), a_thread_sleep(2, s), a_thread_sleep(3, s));
    println!("(B) tokio::time::sleep");
    tokio::join!(b_tokio_sleep(1, s), b_tokio_sleep(2, s), b_tokio_sleep(3, s));
    println!("(C) spawn_blocking");
    tokio::join!(c_spawn_blocking(1, s), c_spawn_blocking(2, s), c_spawn_blocking(3, s));
}
