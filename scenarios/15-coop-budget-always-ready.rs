// title: An always-ready `.await` never yields: Tokio's coop budget
// watch: 300 messages are already buffered, so every `rx.recv().await` is `Ready` at once and never suspends by itself
// watch: after 128 receives tokio's coop budget is used up: the next `recv` returns `Pending` and wakes its own task
// watch: only then does the heartbeat task get a turn; `main` resumes with a fresh budget of 128
// misconception: a loop is not cooperative just because it contains an `.await`: an always-ready resource never returns `Pending` without the budget.
// deviation: the catalogue's 1000 messages with 50 µs of CPU work each are cut to 300 messages without the work, so the whole run takes 0 ms

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::task::yield_now;

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    for i in 0..300u64 {
        tx.send(i).unwrap(); // backlog: recv() is always Ready
    }
    let received = Arc::new(AtomicUsize::new(0));
    let seen = received.clone();
    tokio::spawn(async move {
        // A latency-sensitive bystander: it runs whenever `main` gives up the thread.
        loop {
            println!("heartbeat: main has received {} messages", seen.load(Ordering::Relaxed));
            yield_now().await;
        }
    });
    let mut sum = 0;
    while let Some(v) = rx.recv().await {
        sum += v;
        received.fetch_add(1, Ordering::Relaxed);
        if v == 299 {
            break;
        }
    }
    println!("sum = {sum}");
}
