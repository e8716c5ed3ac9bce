// title: `select!`: first one wins, the loser is dropped
// watch: both receivers are polled inside the one `main` task, and both channels hold `main`'s waker
// watch: at 100 ms the second sender wakes `main`; `rx2` wins and `rx1` is dropped on the spot
// watch: at 300 ms the first sender finds its receiver gone: `send` returns `Err("one")`
// misconception: `select!` does not run its branches on separate tasks, and the losing branch does not keep running: it is dropped.

use tokio::sync::oneshot;
use tokio::time::{sleep, Duration, Instant};

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (tx1, rx1) = oneshot::channel();
    let (tx2, rx2) = oneshot::channel();

    tokio::spawn(async move {
        sleep(Duration::from_millis(300)).await;
        let r = tx1.send("one"); // Err("one"): the receiver was dropped
        println!("[{:>4} ms] S1 send result: {r:?}", start.elapsed().as_millis());
    });
    tokio::spawn(async move {
        sleep(Duration::from_millis(100)).await;
        let _ = tx2.send("two");
    });

    tokio::select! {
        val = rx1 => println!("[{:>4} ms] rx1 completed first with {val:?}", start.elapsed().as_millis()),
        val = rx2 => println!("[{:>4} ms] rx2 completed first with {val:?}", start.elapsed().as_millis()),
    }
    sleep(Duration::from_millis(500)).await; // stay alive to watch S1 fail
}
