// title: Futurelock: a future holds the lock but nobody polls it
// watch: at 10 ms `fut1` queues for the lock behind the background task; at 510 ms the `sleep` branch wins, but `fut1` is not dropped
// watch: the handler then queues for the same lock, behind `fut1`
// watch: at 5000 ms the lock is handed to `fut1`, which nobody polls any more: the task waits on its own dormant future and hangs
// misconception: a future that has been granted a resource does not make progress by itself: only its task polling it does.
// outcome: hang

use std::sync::Arc;
use tokio::sync::Mutex;
use tokio::time::{sleep, Duration, Instant};

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let lock = Arc::new(Mutex::new(()));

    let bg = lock.clone();
    tokio::spawn(async move {
        let _g = bg.lock().await; // holds the lock for 5 s
        println!("[{:>4} ms] background task has the lock", start.elapsed().as_millis());
        sleep(Duration::from_secs(5)).await;
    });
    sleep(Duration::from_millis(10)).await; // let it take the lock

    let fut1 = async {
        let _g = lock.lock().await; // queues behind the background task
        println!("fut1 got the lock");
    };
    tokio::pin!(fut1);

    tokio::select! {
        _ = &mut fut1 => {}
        _ = sleep(Duration::from_millis(500)) => {
            println!("[{:>4} ms] timeout branch won; fut1 is still alive", start.elapsed().as_millis());
            let _g = lock.lock().await; // queues behind fut1 ... which nobody polls
            println!("never printed");
        }
    }
}
