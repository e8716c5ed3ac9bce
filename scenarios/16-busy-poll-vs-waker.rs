// title: Busy-polling vs waker-driven waiting (CPU waste)
// watch: `SpinDelay` wakes its own task on every `Pending`, so the task is polled again and again until the deadline
// watch: `WakerDelay` hands its waker to a timer task and is polled exactly twice: once to register, once when woken
// watch: while `WakerDelay` waits, the worker is idle; while `SpinDelay` waits, the worker is busy the whole time
// misconception: `Poll::Pending` does not mean "ask me again soon": it means someone was given the waker and will ring it.
// deviation: the Tokio tutorial's two MiniTokio executors are replaced by tokio's own scheduler; the timer thread is a spawned task
// deviation: real tokio runs this on the real clock (a paused clock never advances while a task stays runnable); AsyncViz charges 50 µs per poll, so the 5 ms wait takes about 100 polls
// poll-cost: 50us
// deviation: it writes its own future (`impl Future`, `poll`, `Context`), which the in-page interpreter does not run; the page shows it compiled, so edits to it cannot be run

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::time::{sleep_until, Duration, Instant};

struct SpinDelay {
    when: Instant,
    polls: u32,
}

impl Future for SpinDelay {
    type Output = u32;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        self.polls += 1;
        if Instant::now() >= self.when {
            return Poll::Ready(self.polls);
        }
        cx.waker().wake_by_ref(); // "poll me again right away": a busy loop
        Poll::Pending
    }
}

struct WakerDelay {
    when: Instant,
    polls: u32,
    timer_started: bool,
}

impl Future for WakerDelay {
    type Output = u32;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        self.polls += 1;
        if Instant::now() >= self.when {
            return Poll::Ready(self.polls);
        }
        if !self.timer_started {
            self.timer_started = true;
            let (waker, when) = (cx.waker().clone(), self.when);
            tokio::spawn(async move {
                sleep_until(when).await;
                waker.wake()
            }); // the doorbell
        }
        Poll::Pending
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let when = Instant::now() + Duration::from_millis(5);
    let polls = SpinDelay { when, polls: 0 }.await;
    println!("SpinDelay: polled again and again until the deadline: {}", polls > 1);
    let when = Instant::now() + Duration::from_millis(5);
    let polls = WakerDelay { when, polls: 0, timer_started: false }.await;
    println!("WakerDelay: ready after {polls} polls");
}
