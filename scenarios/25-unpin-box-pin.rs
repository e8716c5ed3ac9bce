// title: `Unpin` vs `!Unpin` in practice: `pin!`, `Pin<&mut dyn Future>`, `tokio::pin!`
// watch: three async blocks are pinned on `main`'s stack with `tokio::pin!`: no heap allocation, fixed addresses
// watch: the `Vec` holds `Pin<&mut dyn Future>` pointers, which are `Unpin` futures; `join_all` polls all three inside `main`
// watch: the channel closes at 4000 ms, when both `async move` producers have finished and dropped their senders
// misconception: `Unpin` does not mean "cannot be pinned", and `Box<dyn Future>` is not a future unless what it holds is `Unpin`.
// deviation: `trpl::join_all` is a small hand-written `join_all`; `trpl::channel` is tokio's `unbounded_channel`
// deviation: it writes its own future (`impl Future`, `poll`, `Context`), which the in-page interpreter does not run; the page shows it compiled, so edits to it cannot be run

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::time::{sleep, Duration, Instant};

/// Polls every future in turn until all are done, like `trpl::join_all`.
async fn join_all(mut futures: Vec<Pin<&mut dyn Future<Output = ()>>>) {
    let mut done = vec![false; futures.len()];
    std::future::poll_fn(|cx: &mut Context<'_>| {
        for (fut, done) in futures.iter_mut().zip(done.iter_mut()) {
            if !*done && fut.as_mut().poll(cx).is_ready() {
                *done = true;
            }
        }
        if done.iter().all(|d| *d) {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let tx1 = tx.clone();
    let tx1_fut = async move {
        for val in ["hi", "from", "the", "future"] {
            tx1.send(val).unwrap();
            sleep(Duration::from_secs(1)).await;
        }
    };
    let rx_fut = async {
        while let Some(value) = rx.recv().await {
            println!("[{:>4} ms] received '{value}'", start.elapsed().as_millis());
        }
    };
    let tx_fut = async move {
        for val in ["more", "messages", "for", "you"] {
            tx.send(val).unwrap();
            sleep(Duration::from_secs(1)).await;
        }
    };
    tokio::pin!(tx1_fut, rx_fut, tx_fut); // pinned on the stack: no allocation
                                          // Without pinning, `Vec<Box<dyn Future<Output = ()>>>` is rejected:
                                          // error[E0277]: `dyn Future<Output = ()>` cannot be unpinned
    let futures: Vec<Pin<&mut dyn Future<Output = ()>>> = vec![tx1_fut, rx_fut, tx_fut];
    join_all(futures).await;
    println!("[{:>4} ms] all senders dropped, channel closed", start.elapsed().as_millis());
}
