use futures::future::join_all;
use std::collections::HashMap;

enum Color {
    Red,
}

trait Speak {
    fn speak(&self);
}

fn uses_trait_object(x: &dyn Speak) {}

#[tokio::main]
async fn main() {
    let m: HashMap<u32, u32> = HashMap::new();
    let y = undefined_name + 1;
    let z = 3.0f32;
    unsafe {
        println!("hi");
    }
    let w = v.frobnicate();
    println!("{} {}", 1);
    println!("{nope}");
    my_macro!(1);
    let c = async || 5;
}
