// title: Spawned but never joined: dropped at shutdown
// watch: the spawned task runs alongside `main`: the two tasks take turns every 500 ms
// watch: at 2000 ms `main` returns; the spawned task is still waiting at its `sleep` and is dropped there
// watch: its destructors run at shutdown ("dropped") and "first task 5" is never printed
// misconception: spawned tasks do not keep the program alive: when `main` returns, every unfinished task is dropped at its current await point.

use tokio::time::{sleep, Duration, Instant};

/// Prints when the task that owns it is dropped.
struct Noisy(&'static str);

impl Drop for Noisy {
    fn drop(&mut self) {
        println!("{} dropped", self.0);
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    tokio::spawn(async move {
        let _guard = Noisy("first task");
        for i in 1..10 {
            println!("[{:>4} ms] hi number {i} from the first task!", start.elapsed().as_millis());
            sleep(Duration::from_millis(500)).await;
        }
    });

    for i in 1..5 {
        println!("[{:>4} ms] hi number {i} from the second task!", start.elapsed().as_millis());
        sleep(Duration::from_millis(500)).await;
    }
    println!("[{:>4} ms] main returns", start.elapsed().as_millis());
} // the runtime shuts down here and drops the spawned task
