use std::future::Future;
use tokio::time::{sleep, Duration};

// What `async fn` desugars to: a plain fn returning an async block.
fn page_len(url: &str) -> impl Future<Output = usize> + '_ {
    async move {
        sleep(Duration::from_millis(10)).await;
        url.len()
    }
}

struct Client {
    name: String,
    delay: u64,
}

impl Client {
    async fn fetch(&self, path: &str) -> String {
        sleep(Duration::from_millis(self.delay)).await;
        format!("{}:{}", self.name, path)
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    println!("{}", page_len("https://www.rust-lang.org").await);
    let c = Client { name: "c1".to_string(), delay: 5 };
    let (a, b) = tokio::join!(c.fetch("/a"), c.fetch("/b"));
    println!("{a} {b}");
}
