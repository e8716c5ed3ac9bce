// title: The forgotten wakeup that hangs forever
// watch: (b) `BadDelay` returns `Pending` without giving its waker to anyone; it only finishes because the ticker's timer re-polls the shared task, 90 ms late
// watch: (a) alone, `BadDelay` returns `Pending` and nobody holds `main`'s waker: no task is runnable and no timer is pending
// watch: the run ends in a hang at 200 ms with an empty waker registry for `main`
// misconception: returning `Pending` is not enough: unless someone holds the waker and calls it, the runtime never polls the task again.
// deviation: the catalogue's check-then-register race (c) needs an OS timer thread and is left out
// outcome: hang
// deviation: it writes its own future (`impl Future`, `poll`, `Context`), which the in-page interpreter does not run; the page shows it compiled, so edits to it cannot be run

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::time::{sleep, Duration, Instant};

struct BadDelay {
    when: Instant,
}

impl Future for BadDelay {
    type Output = ();
    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if Instant::now() >= self.when {
            Poll::Ready(())
        } else {
            Poll::Pending // nobody was given the waker: nobody will wake us
        }
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let ticker = async {
        for i in 1..=2 {
            sleep(Duration::from_millis(100)).await;
            println!("[{:>4} ms] tick {i}", start.elapsed().as_millis());
        }
    };
    let bad = async {
        BadDelay { when: Instant::now() + Duration::from_millis(10) }.await;
        println!("[{:>4} ms] (b) BadDelay done, due at 10 ms", start.elapsed().as_millis());
    };
    tokio::join!(bad, ticker);

    println!("[{:>4} ms] (a) BadDelay alone", start.elapsed().as_millis());
    BadDelay { when: Instant::now() + Duration::from_millis(10) }.await; // hangs here
    println!("never printed");
}
