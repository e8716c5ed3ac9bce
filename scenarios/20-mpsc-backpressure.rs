// title: mpsc producer/consumer with a bounded channel
// watch: the channel holds 2 values; P0's third `send` and P1's first `send` return `Pending` and wait in a FIFO queue of senders
// watch: each `recv` frees a slot and wakes the first waiting sender; the slow consumer sets the pace, 100 ms per value
// watch: `recv` returns `None` only at 600 ms, when both producers have ended (dropping their senders) and the buffer is empty
// misconception: a full channel does not block the thread, and `recv` returns `None` only when every sender is gone, not when the channel is empty.

use tokio::sync::mpsc;
use tokio::time::{sleep, Duration, Instant};

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (tx, mut rx) = mpsc::channel::<u32>(2); // capacity 2

    for id in 0..2u32 {
        let tx = tx.clone();
        tokio::spawn(async move {
            for i in 0..3 {
                tx.send(id * 10 + i).await.unwrap(); // Pending while the channel is full
                println!("[{:>4} ms] P{id} sent {}", start.elapsed().as_millis(), id * 10 + i);
            }
        }); // this clone is dropped when P{id} ends
    }
    drop(tx); // otherwise recv() never returns None

    while let Some(v) = rx.recv().await {
        println!("[{:>4} ms] got {v}", start.elapsed().as_millis());
        sleep(Duration::from_millis(100)).await; // slow consumer
    }
    println!("[{:>4} ms] all senders gone", start.elapsed().as_millis());
}
