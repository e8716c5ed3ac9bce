// title: Why moving matters: a self-referential future, `Box::pin`
// watch: the future is moved twice before its first poll (into the `Box`, then the `Box` pointer itself): both moves are fine
// watch: at the first poll the future suspends inside `read_into_buf` while holding `&mut x`, a pointer into itself
// watch: from then on the future stays at its heap address: only the `Box` handle may move
// misconception: `Pin<Box<T>>` pins the `T`, not the `Box`, and a future may move freely until it is first polled.
// deviation: the "read" is a 10 ms `sleep` followed by filling the buffer

use tokio::time::{sleep, Duration, Instant};

async fn read_into_buf(buf: &mut [u8]) -> usize {
    sleep(Duration::from_millis(10)).await; // simulated I/O
    buf[..3].copy_from_slice(&[1, 2, 3]);
    3
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let fut = async move {
        let mut x = [0u8; 128];
        let n = read_into_buf(&mut x).await; // `&mut x` is stored inside the future across the await
        println!("[{:>4} ms] read {:?}", start.elapsed().as_millis(), &x[..n]);
    };

    let boxed = Box::pin(fut); // move BEFORE the first poll: fine (state Unresumed)
    let b2 = boxed; // moving the Box pointer: fine, the future stays put
    println!("[{:>4} ms] moved twice, not polled yet", start.elapsed().as_millis());
    b2.await; // the first poll happens here; from now on the future must not move
              // let moved = *b2; // rejected: cannot move a !Unpin value out of Pin<Box<_>>
}
