// title: `page_title` with simulated latency: one page, then a race
// watch: both requests are futures inside the one `main` task; both "sockets" hold `main`'s waker
// watch: every wake re-polls the whole `select!`, so the request that made no progress is polled too
// watch: at 200 ms rust-lang.org wins; the example.org request is dropped mid-request, while it waits for its body
// misconception: the two requests do not run on two threads, and the slower one does not finish in the background: it is dropped.
// deviation: `trpl::get`/`text` are simulated with sleeps (rust-lang.org: headers at 120 ms, body at 200 ms; example.org: 60 ms, 360 ms); the 2 ms parse is left out
// deviation: `trpl::select` is written as `tokio::select!` with `biased;`, which also polls its first argument first

use tokio::time::{sleep, Duration, Instant};

/// Prints when a request is dropped before it finished.
struct Request {
    url: &'static str,
    done: bool,
}

impl Drop for Request {
    fn drop(&mut self) {
        if !self.done {
            println!("{} request dropped before it finished", self.url)
        }
    }
}

async fn page_title(url: &'static str, start: Instant) -> (&'static str, Option<String>) {
    let (headers_ms, body_ms, title) = match url {
        "https://www.rust-lang.org" => (120, 200, "Rust Programming Language"),
        _ => (60, 360, "Example Domain"),
    };
    let mut request = Request { url, done: false };
    sleep(Duration::from_millis(headers_ms)).await; // trpl::get(url).await
    println!("[{:>4} ms] {url}: headers", start.elapsed().as_millis());
    sleep(Duration::from_millis(body_ms - headers_ms)).await; // .text().await
    request.done = true;
    (url, Some(title.to_string()))
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let title_fut_1 = page_title("https://www.rust-lang.org", start); // lazy: nothing sent yet
    let title_fut_2 = page_title("https://example.org", start);
    let (url, maybe_title) = tokio::select! {
        biased;
        left = title_fut_1 => left,
        right = title_fut_2 => right,
    };
    println!("[{:>4} ms] {url} returned first", start.elapsed().as_millis());
    match maybe_title {
        Some(title) => println!("Its page title was: '{title}'"),
        None => println!("It had no title."),
    }
}
