// title: 1,000 waiters: blocking threads vs async tasks
// watch: every task is polled once at 0 ms, returns `Pending`, and leaves its waker with the timer
// watch: the one worker is idle while the tasks wait: only the tasks whose timer fired are polled
// watch: all tasks finish by 1500 ms, each after exactly two polls; each that finishes wakes `main`, whose `JoinSet` hands over results in finish order
// misconception: async does not make each wait faster; it saves the thread that would otherwise sit blocked in each wait.
// deviation: 100 tasks instead of 1,000, to keep the timeline readable; the lesson is the same
// deviation: the thread-per-connection half (`std::thread::spawn` + a blocking read) is shown only as a comment

use tokio::time::{sleep, Duration, Instant};

// The blocking way, one OS thread (and one stack) per connection:
// let handles: Vec<_> = (0..1000).map(|i| std::thread::spawn(move || blocking_read(i))).collect();
// for h in handles { h.join().unwrap(); }

/// A connection whose data arrives after a fixed pseudo-random delay in 500..=1500 ms.
async fn async_read(i: u64) -> u64 {
    let ms = 500 + (i * 7919) % 1001;
    sleep(Duration::from_millis(ms)).await;
    ms
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for i in 0..100 {
        set.spawn(async_read(i));
    }
    println!("[{:>4} ms] spawned {} waiting tasks on one thread", start.elapsed().as_millis(), set.len());
    let mut slowest = 0;
    while let Some(res) = set.join_next().await {
        slowest = slowest.max(res.unwrap());
    }
    println!("[{:>4} ms] all done; the slowest waited {slowest} ms", start.elapsed().as_millis());
}
