fn fib(n: u64) -> u64 {
    if n < 2 {
        n
    } else {
        fib(n - 1) + fib(n - 2)
    }
}

fn forever(n: u64) -> u64 {
    forever(n + 1)
}

fn main() {
    println!("{}", fib(20));
    println!("{}", forever(0));
}
