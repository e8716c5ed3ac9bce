// Notify: a permit stored when nobody waits, waking the oldest waiter, and waking them all.
use std::sync::Arc;
use tokio::sync::Notify;
use tokio::time::{sleep, Duration, Instant};

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let ready = Arc::new(Notify::new());

    // Nobody waits yet: the notification is kept as a permit (one, however many calls).
    ready.notify_one();
    ready.notify_one();
    ready.notified().await;
    println!("[{:>2} ms] main used the stored permit", start.elapsed().as_millis());

    let mut handles = Vec::new();
    for i in 0..3 {
        let ready = ready.clone();
        handles.push(tokio::spawn(async move {
            ready.notified().await;
            println!("[{:>2} ms] worker {i} woke up", start.elapsed().as_millis());
        }));
    }
    sleep(Duration::from_millis(10)).await;
    ready.notify_one(); // the oldest waiter
    sleep(Duration::from_millis(10)).await;
    ready.notify_last(); // the newest waiter
    sleep(Duration::from_millis(10)).await;
    ready.notify_waiters(); // everyone still waiting
    for h in handles {
        h.await.unwrap();
    }

    // A `Notified` created before `notify_waiters` is reached by it, even unpolled.
    let early = ready.notified();
    ready.notify_waiters();
    early.await;
    println!("[{:>2} ms] done", start.elapsed().as_millis());
}
