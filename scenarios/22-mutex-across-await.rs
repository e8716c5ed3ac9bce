// title: Holding a `Mutex` across `.await`
// watch: (A) A suspends at its `sleep` while its `std::sync::MutexGuard` is alive: B finds the lock taken by a future that is not running
// watch: (A) B uses `try_lock` only to show the problem: a plain `lock()` there would block the only thread forever, a deadlock
// watch: (C) with `tokio::sync::Mutex`, B's `lock().await` returns `Pending` and waits in the mutex's FIFO queue; it gets the lock at +10 ms
// misconception: `std::sync::Mutex` across `.await` is not fine just because it compiles, and `tokio::sync::Mutex` is not the default answer either.
// deviation: the catalogue's variant A really calls `lock()` and deadlocks the thread; here B calls `try_lock()` and reports what would happen

use tokio::time::{sleep, Duration, Instant};

#[allow(clippy::await_holding_lock)] // clippy warns about exactly this mistake
async fn std_lock_across_await(m: &std::sync::Mutex<i32>, who: &str, start: Instant) {
    let Ok(mut g) = m.try_lock() else {
        println!(
            "[{:>4} ms] {who}: lock held by a suspended future: lock() would deadlock",
            start.elapsed().as_millis()
        );
        return;
    };
    *g += 1;
    sleep(Duration::from_millis(10)).await; // suspended while holding the lock
    println!("[{:>4} ms] {who} done", start.elapsed().as_millis());
} // guard dropped here: too late

async fn tokio_lock_across_await(m: &tokio::sync::Mutex<i32>, who: &str, start: Instant) {
    let mut g = m.lock().await; // waits as a task, not as a thread
    *g += 1;
    sleep(Duration::from_millis(10)).await;
    println!("[{:>4} ms] {who} done", start.elapsed().as_millis());
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let s = Instant::now();
    let m = std::sync::Mutex::new(0);
    tokio::join!(std_lock_across_await(&m, "A", s), std_lock_across_await(&m, "B", s));
    let m = tokio::sync::Mutex::new(0);
    tokio::join!(tokio_lock_across_await(&m, "A", s), tokio_lock_across_await(&m, "B", s));
    println!("[{:>4} ms] counter = {}", s.elapsed().as_millis(), *m.lock().await);
}
