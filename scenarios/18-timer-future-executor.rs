// title: The async book's `TimerFuture`: a waker in shared state
// watch: the first poll finds `completed == false`, stores a clone of the task's waker in the shared state and returns `Pending`
// watch: the executor does not know about timers: the "timer thread" sets `completed` and calls `wake()`, which only re-queues the task
// watch: the second poll finds `completed == true` and returns `Ready`: exactly two polls
// misconception: `wake()` does not run the future: it puts the task back in the executor's queue, and the executor polls it later.
// deviation: the async book's hand-written channel executor is replaced by tokio's scheduler, and its OS timer thread by a spawned task that sleeps
// deviation: the book's `ArcWake` task and `drop(spawner)` are therefore not shown
// deviation: it writes its own future (`impl Future`, `poll`, `Context`), which the in-page interpreter does not run; the page shows it compiled, so edits to it cannot be run

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use tokio::time::{sleep, Duration, Instant};

struct SharedState {
    completed: bool,
    waker: Option<Waker>,
}

struct TimerFuture {
    shared_state: Arc<Mutex<SharedState>>,
}

impl Future for TimerFuture {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut shared_state = self.shared_state.lock().unwrap();
        if shared_state.completed {
            Poll::Ready(())
        } else {
            shared_state.waker = Some(cx.waker().clone()); // update on EVERY poll
            println!("TimerFuture::poll -> Pending, waker stored");
            Poll::Pending
        }
    }
}

impl TimerFuture {
    fn new(duration: Duration) -> Self {
        let shared_state = Arc::new(Mutex::new(SharedState { completed: false, waker: None }));
        let thread_shared_state = shared_state.clone();
        tokio::spawn(async move {
            // the async book uses `thread::spawn` + `thread::sleep` here
            sleep(duration).await;
            let mut shared_state = thread_shared_state.lock().unwrap();
            shared_state.completed = true;
            if let Some(waker) = shared_state.waker.take() {
                waker.wake()
            }
        });
        TimerFuture { shared_state }
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    println!("[{:>4} ms] howdy!", start.elapsed().as_millis());
    TimerFuture::new(Duration::from_secs(2)).await;
    println!("[{:>4} ms] done!", start.elapsed().as_millis());
}
