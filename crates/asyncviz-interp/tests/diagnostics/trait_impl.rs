use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

struct Delay {
    done: bool,
}

impl Future for Delay {
    type Output = ();
    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        Poll::Ready(())
    }
}

#[tokio::main]
async fn main() {
    Delay { done: false }.await;
}
