// title: Streams: `poll_next`, pulled one item at a time
// watch: (a) the iterator-backed stream is `Ready` on every `poll_next`: ten items and the end arrive in one poll of `main`, with no `Pending`
// watch: (b) the channel-backed stream returns `Pending` between items; the odd values are received and skipped
// watch: after three even values the loop stops and drops the receiver; the producer's next `send` fails at 600 ms
// misconception: a stream made from an iterator does not run asynchronously, and streams do not push items to you: the consumer pulls.
// deviation: `tokio_stream` is not available: (a) is a hand-written `poll_fn` stream, and (b) receives directly with `filter`/`take` written inline
// deviation: it writes its own future (`impl Future`, `poll`, `Context`), which the in-page interpreter does not run; the page shows it compiled, so edits to it cannot be run

use std::future::poll_fn;
use std::task::Poll;
use tokio::time::{sleep, Duration, Instant};

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // (a) from an iterator: every poll_next is Ready immediately
    let mut values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].into_iter().map(|n| n * 2);
    // `poll_next` of a stream made from an iterator: always `Ready`
    while let Some(value) = poll_fn(|_cx| Poll::Ready(values.next())).await {
        println!("[{:>4} ms] The value was: {value}", start.elapsed().as_millis());
    }

    // (b) items arriving over time, filtered and cut short
    let (tx, mut rx) = tokio::sync::mpsc::channel(8);
    tokio::spawn(async move {
        for i in 0..10 {
            sleep(Duration::from_millis(100)).await;
            if tx.send(i).await.is_err() {
                println!("[{:>4} ms] producer: receiver gone", start.elapsed().as_millis());
                break;
            }
        }
    });
    let mut taken = 0;
    while let Some(n) = rx.recv().await {
        if n % 2 != 0 {
            continue; // filter(|n| n % 2 == 0)
        }
        println!("[{:>4} ms] even {n}", start.elapsed().as_millis());
        taken += 1;
        if taken == 3 {
            break; // take(3)
        }
    }
    drop(rx); // the stream is dropped, and with it the receiver
    sleep(Duration::from_millis(200)).await; // watch the producer notice
}
