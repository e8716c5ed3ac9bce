// title: `add` vs `wait_to_add`: Ready now vs Pending then Ready
// watch: `add(15, 3).await` is `Ready(18)` on its first poll: no trip through the scheduler
// watch: `wait_to_add` returns `Pending`, the timer holds `main`'s waker, and the ticker task runs meanwhile
// watch: at 1000 ms the timer wakes `main`; the ticker's next tick is still pending when `main` returns
// misconception: not every `.await` suspends the task, and while a task waits the thread is free for other tasks.

use tokio::time::{sleep, Duration, Instant};

// An async function, but it doesn't need to wait for anything.
async fn add(a: u32, b: u32) -> u32 {
    a + b
}

async fn wait_to_add(a: u32, b: u32) -> u32 {
    sleep(Duration::from_millis(1000)).await;
    a + b
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    tokio::spawn(async move {
        // A bystander, to make "another task runs" visible.
        for i in 0..3 {
            println!("[{:>4} ms] tick {i}", start.elapsed().as_millis());
            sleep(Duration::from_millis(400)).await;
        }
    });
    let x = add(15, 3).await; // Ready(18) on the first poll
    println!("[{:>4} ms] add -> {x}", start.elapsed().as_millis());
    let y = wait_to_add(15, 3).await; // Pending ... then Ready(18)
    println!("[{:>4} ms] wait_to_add -> {y}", start.elapsed().as_millis());
}
