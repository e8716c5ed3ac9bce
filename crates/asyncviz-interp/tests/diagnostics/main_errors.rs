async fn main() {
    println!("no runtime");
}
