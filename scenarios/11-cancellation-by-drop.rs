// title: Cancellation = drop, only at an await point
// watch: whenever the heartbeat wins, the `batch` future is dropped where it waits in `rx.recv().await`
// watch: values already moved into its `buf` die with it: 1, 2, 3 and 4 are received but never printed
// watch: "drop: batch future" runs on every cancellation and on every normal completion
// misconception: a cancelled future does not finish its current step: it is dropped at the `.await` where it was suspended, and local state is lost.
// deviation: the catalogue's `tokio::time::interval` is written as `sleep_until` on a deadline that moves 100 ms on each heartbeat (same ticks)

use tokio::sync::mpsc;
use tokio::time::{sleep, sleep_until, Duration, Instant};

struct Noisy(&'static str);
impl Drop for Noisy {
    fn drop(&mut self) {
        println!("drop: {}", self.0);
    }
}

async fn batch(rx: &mut mpsc::Receiver<u32>) -> Vec<u32> {
    let _g = Noisy("batch future");
    let mut buf = Vec::new();
    while buf.len() < 3 {
        match rx.recv().await {
            Some(v) => buf.push(v), // recv() is cancel safe ...
            None => break,          // all senders gone
        }
    }
    buf // ... but `batch` as a whole is not
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (tx, mut rx) = mpsc::channel(16);
    tokio::spawn(async move {
        for i in 1..=9 {
            sleep(Duration::from_millis(40)).await;
            tx.send(i).await.unwrap();
        }
    });
    let mut tick = start; // the first heartbeat is due at once
    for _ in 0..6 {
        tokio::select! {
            biased;
            b = batch(&mut rx) => println!("[{:>4} ms] batch {b:?}", start.elapsed().as_millis()),
            _ = sleep_until(tick) => {
                println!("[{:>4} ms] heartbeat", start.elapsed().as_millis());
                tick += Duration::from_millis(100);
            }
        }
    }
}
