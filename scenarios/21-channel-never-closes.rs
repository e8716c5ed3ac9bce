// title: Why the book's channel program never exits (and `async move` fixes it)
// watch: (17-12) `tx_fut` owns `tx`: when it completes at 2000 ms, `join!` drops it, the channel closes and `recv` returns `None`
// watch: (17-11) `tx_fut` only borrows `tx`, which lives in `main` itself: `recv` waits for a sender that `main` will never drop
// watch: the run ends in a hang at 4000 ms: `main` waits on the channel, and the last sender belongs to `main`
// misconception: a channel does not close when the producer is done sending: it closes when the last `Sender` is dropped, and `move` decides when that is.
// deviation: `trpl::channel` and `trpl::join` are written as tokio's `unbounded_channel` and `tokio::join!`
// outcome: hang

use tokio::sync::mpsc::unbounded_channel;
use tokio::time::{sleep, Duration, Instant};

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    for listing in ["17-12 (async move)", "17-11 (borrows tx)"] {
        println!("[{:>4} ms] Listing {listing}", start.elapsed().as_millis());
        let (tx, mut rx) = unbounded_channel();
        let rx_fut = async {
            while let Some(value) = rx.recv().await {
                println!("[{:>4} ms] received '{value}'", start.elapsed().as_millis());
            }
        };
        if listing.starts_with("17-12") {
            let tx_fut = async move {
                // owns `tx`: dropped when this future completes
                for val in ["hi", "from", "the", "future"] {
                    tx.send(val).unwrap();
                    sleep(Duration::from_millis(500)).await;
                }
            };
            tokio::join!(tx_fut, rx_fut);
        } else {
            let tx_fut = async {
                // borrows `tx`: it lives on in `main`
                for val in ["hi", "from", "the", "future"] {
                    tx.send(val).unwrap();
                    sleep(Duration::from_millis(500)).await;
                }
            };
            tokio::join!(tx_fut, rx_fut);
        }
    }
}
