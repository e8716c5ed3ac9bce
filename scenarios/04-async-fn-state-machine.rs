// title: An `async fn` is a state machine (and captures `'_`)
// watch: `page_title` is polled three times: at 0 ms, when the headers arrive (120 ms) and when the body is complete (200 ms)
// watch: between polls the future is just a value in `main`'s state, suspended at one of its two await points
// watch: the future borrows `url`, so the `String` must live as long as the future (the `'_` in its type)
// misconception: an async fn does not return its output and has no stack of its own: it returns a state machine that borrows its arguments.
// deviation: `trpl::get` and `text` are simulated with `sleep` (headers at 120 ms, body at 200 ms) and the HTML parsing is left out
// deviation: it writes its own future (`impl Future`, `poll`, `Context`), which the in-page interpreter does not run; the page shows it compiled, so edits to it cannot be run

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::time::{sleep, Duration, Instant};

async fn page_title(url: &str, start: Instant) -> Option<String> {
    sleep(Duration::from_millis(120)).await; // await point #1: `trpl::get(url)`, the headers
    println!("[{:>4} ms] {url}: headers arrived", start.elapsed().as_millis());
    sleep(Duration::from_millis(80)).await; // await point #2: `response.text()`, the body
    println!("[{:>4} ms] {url}: body complete", start.elapsed().as_millis());
    Some(String::from("Rust Programming Language"))
}

/// Counts how often the executor polls the future inside it.
struct CountPolls<F> {
    inner: Pin<Box<F>>,
    polls: u32,
}

impl<F: Future> Future for CountPolls<F> {
    type Output = (F::Output, u32);
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.polls += 1;
        match self.inner.as_mut().poll(cx) {
            Poll::Ready(v) => Poll::Ready((v, self.polls)),
            Poll::Pending => Poll::Pending,
        }
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let url = String::from("https://www.rust-lang.org");
    let fut = page_title(&url, start); // a value holding `&url`: nothing has run yet
    let (title, polls) = CountPolls { inner: Box::pin(fut), polls: 0 }.await;
    println!("[{:>4} ms] title {title:?} after {polls} polls", start.elapsed().as_millis());
}
