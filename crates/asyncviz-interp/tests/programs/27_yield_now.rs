use tokio::task;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let a = tokio::spawn(async {
        for i in 0..3 {
            println!("a{i}");
            task::yield_now().await;
        }
    });
    let b = tokio::spawn(async {
        for i in 0..3 {
            println!("b{i}");
            task::yield_now().await;
        }
    });
    let _ = tokio::join!(a, b);
    println!("done");
}
