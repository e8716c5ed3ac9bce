// title: Sequential `.await` vs `join!`
// watch: (a) B does not even start until A is done: two sleeps one after the other, 2000 ms
// watch: (b) `join!` polls A and B inside the one `main` task: both timers hold the same waker and fire together
// watch: the task count stays 1 the whole time: `join!` is concurrency without a new task or thread
// misconception: writing `.await` does not make things run concurrently, and `join!` does not use other threads.

use tokio::time::{sleep, Duration, Instant};

async fn step(name: &str, ms: u64, start: Instant) -> &str {
    println!("[{:>4} ms] {name} start", start.elapsed().as_millis());
    sleep(Duration::from_millis(ms)).await;
    println!("[{:>4} ms] {name} done", start.elapsed().as_millis());
    name
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // (a) sequential: B does not even start until A is done -> 2000 ms
    step("A", 1000, start).await;
    step("B", 1000, start).await;

    // (b) concurrent, ONE task: both timers tick at the same time -> 1000 ms
    let (a, b) = tokio::join!(step("A", 1000, start), step("B", 1000, start));
    println!("[{:>4} ms] joined {a} {b}", start.elapsed().as_millis());
}
