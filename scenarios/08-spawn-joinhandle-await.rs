// title: Spawn + `JoinHandle`: who wakes `main` when the task ends
// watch: at 2000 ms `main` awaits the handle while the task is still running: `main`'s waker is stored in the task
// watch: the task keeps printing on its own timers; `main` is not polled again until the task is done
// watch: at 4500 ms the task returns, the runtime wakes `main` through the join waker, and `main` gets `Ok("return value")`
// misconception: `handle.await` gives a `Result<T, JoinError>`, not `T`, and it is the finished task, not a timer, that wakes the awaiting task.

use tokio::time::{sleep, Duration, Instant};

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let handle = tokio::spawn(async move {
        for i in 1..10 {
            println!("[{:>4} ms] hi number {i} from the first task!", start.elapsed().as_millis());
            sleep(Duration::from_millis(500)).await;
        }
        "return value"
    });

    for i in 1..5 {
        println!("[{:>4} ms] hi number {i} from the second task!", start.elapsed().as_millis());
        sleep(Duration::from_millis(500)).await;
    }

    let out = handle.await; // Result<&str, JoinError>
    println!("[{:>4} ms] GOT {out:?}", start.elapsed().as_millis());
}
