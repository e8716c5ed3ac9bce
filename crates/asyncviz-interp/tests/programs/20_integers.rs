fn sub(x: u32, y: u32) -> u32 {
    x - y
}

fn main() {
    let a: u8 = 200;
    let b = a as i8;
    println!("{b} {} {}", -1i32 as u32, 300i32 as u8);
    println!("{} {}", 7 / 2, -7 / 2);
    println!("{} {}", 7 % 3, -7 % 3);
    println!("{} {}", (-7i32).rem_euclid(3), 2i32.pow(10));
    println!("{} {}", 1u64 << 40, 0xffu8 >> 4);
    println!("{:?} {:?}", 250u8.checked_add(10), 250u8.checked_add(5));
    println!("{} {}", 250u8.saturating_add(10), 250u8.wrapping_add(10));
    println!("{} {}", i32::MAX, u64::MAX);
    println!("{} {}", 3.7f64 as i32, -1.5f64 as u32);
    println!("{}", 10.0 / 4.0);
    println!("{}", sub(5, 3));
    println!("never {}", sub(3, 5));
}
