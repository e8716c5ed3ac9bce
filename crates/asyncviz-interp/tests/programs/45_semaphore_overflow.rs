// Adding permits past tokio's MAX_PERMITS panics with tokio's message.
use tokio::sync::Semaphore;
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let s = Semaphore::new(3);
    println!("{}", s.available_permits());
    s.add_permits(usize::MAX >> 3);
    println!("unreachable");
}
