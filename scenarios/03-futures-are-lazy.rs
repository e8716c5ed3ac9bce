// title: Futures are lazy: nothing happens until polled
// watch: `let op = say_world();` only builds a value: nothing is printed until `op.await`
// watch: the future made by the bare `say_world();` line is dropped without ever being polled
// watch: `tokio::spawn` queues the task at once: it prints while `main` sleeps, before anyone awaits `h`
// misconception: calling an async fn does not start it in the background like a JavaScript promise; only polling runs it.

use tokio::time::{sleep, Duration};

async fn say_world() {
    println!("world");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let op = say_world(); // nothing printed: `op` is a value (state Unresumed)
    println!("hello");
    op.await; // NOW "world" is printed

    // rustc warns here: "futures do nothing unless you `.await` or poll them".
    #[allow(unused_must_use)]
    say_world();

    let h = tokio::spawn(say_world()); // scheduled right away, no .await needed to start it
    sleep(Duration::from_millis(10)).await; // the task runs while we sleep
    h.await.unwrap(); // already finished: Ready on the first poll of the handle
}
