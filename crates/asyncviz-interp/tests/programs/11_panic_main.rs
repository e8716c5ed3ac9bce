#[tokio::main]
async fn main() {
    let v: Vec<i32> = vec![1, 2, 3];
    println!("before");
    let x: Option<i32> = v.get(10).copied();
    let y = x.unwrap();
    println!("never {y}");
}
