fn main() {
    println!("{} {}", 1);
    println!("{}", 1, 2);
    println!("{:q}", 1);
    println!("{");
    println!("{0} {2}", 1, 2);
    let s = "x";
    println!(s);
    println!("{:.*}", 1.5);
}
