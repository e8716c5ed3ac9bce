use tokio::sync::mpsc;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (tx, mut rx) = mpsc::unbounded_channel();
    for i in 0..3 {
        tx.send(i * 10).unwrap();
    }
    let tx2 = tx.clone();
    tokio::spawn(async move {
        tx2.send(99).unwrap();
    });
    drop(tx);
    while let Some(v) = rx.recv().await {
        println!("{v}");
    }
    println!("closed: {:?}", rx.try_recv());
    let (tx, rx) = mpsc::channel::<i32>(1);
    drop(rx);
    println!("{:?}", tx.send(1).await);
    println!("{}", tx.is_closed());
}
