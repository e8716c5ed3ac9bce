// title: A stale waker: the future moved to another task, its waker did not
// watch: `Delay` is polled once by `main` and gives `main`'s waker to its timer, then it is moved into task T2
// watch: T2 polls it with a different waker, but `Delay` keeps the old one: at 10 ms the timer wakes `main`, not T2
// watch: `main` is polled for nothing (its `JoinHandle` is still pending) and then the program hangs: nobody holds T2's waker
// misconception: storing the waker once, on the first poll, is not enough: a future can be polled by another task, so update the waker on every poll (`will_wake`).
// deviation: the Tokio tutorial's timer thread is a spawned task that sleeps until the deadline
// outcome: hang
// deviation: it writes its own future (`impl Future`, `poll`, `Context`), which the in-page interpreter does not run; the page shows it compiled, so edits to it cannot be run

use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::time::{sleep_until, Duration, Instant};

// BUGGY: starts the timer on the first poll and never updates the waker.
struct Delay {
    when: Instant,
    timer_started: bool,
}

impl Future for Delay {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if Instant::now() >= self.when {
            return Poll::Ready(());
        }
        if !self.timer_started {
            self.timer_started = true;
            let (waker, when) = (cx.waker().clone(), self.when); // the waker of the FIRST task only
            tokio::spawn(async move {
                sleep_until(when).await;
                waker.wake()
            });
        }
        Poll::Pending
    }
}
// FIXED: keep the waker in shared state and, on every poll,
//     if !stored.will_wake(cx.waker()) { stored = cx.waker().clone(); }

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let mut delay = Delay { when: start + Duration::from_millis(10), timer_started: false };
    // Poll it once on the MAIN task ...
    poll_fn(|cx| {
        let first = Pin::new(&mut delay).poll(cx);
        println!("[{:>4} ms] main polled the delay once: {first:?}", start.elapsed().as_millis());
        Poll::Ready(())
    })
    .await;
    // ... then move it into ANOTHER task.
    let h = tokio::spawn(async move {
        delay.await;
        println!("[{:>4} ms] delay done", start.elapsed().as_millis());
    });
    h.await.unwrap(); // hangs forever
    println!("never printed");
}
