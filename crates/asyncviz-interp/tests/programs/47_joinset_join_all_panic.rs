// `join_all` on a set whose task panicked: main panics with the task's own panic.
use tokio::task::JoinSet;

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let mut set = JoinSet::new();
    set.spawn(async { 1 });
    set.spawn(async {
        if true {
            panic!("boom");
        }
        2
    });
    let all = set.join_all().await;
    println!("unreachable {all:?}");
}
