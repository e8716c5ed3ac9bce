fn parse_age(s: &str) -> Result<u32, String> {
    if s.is_empty() {
        return Err(String::from("empty"));
    }
    let n: u32 = s.len() as u32 * 10;
    Ok(n)
}

fn total(a: &str, b: &str) -> Result<u32, String> {
    let x = parse_age(a)?;
    let y = parse_age(b)?;
    Ok(x + y)
}

fn main() {
    let mut s = String::new();
    s.push_str("hello");
    s.push(' ');
    s += "world";
    println!("{s} {} {}", s.len(), s.to_uppercase());
    let t = s.clone() + "!";
    println!("{t} {}", t.contains("wor"));
    let words: Vec<&str> = s.split_whitespace().collect();
    println!("{words:?}");
    println!("{:?}", "  trim me ".trim());
    println!("{}", "ab".repeat(3));
    println!("{}", &s[0..5]);
    let name = "Ferris".to_string();
    let greeting = format!("Hi, {name}! You are {} letters long.", name.len());
    println!("{greeting}");
    let o: Option<i32> = Some(4);
    println!("{:?} {:?} {}", o.map(|x| x + 1), o.and_then(|x| if x > 5 { Some(x) } else { None }), o.unwrap_or(0));
    println!("{} {}", o.is_some(), None::<i32>.is_none());
    let mut slot = Some(3);
    let taken = slot.take();
    println!("{taken:?} {slot:?}");
    println!("{:?}", total("ab", "cde"));
    println!("{:?}", total("ab", ""));
    let r: Result<i32, String> = Err("bad".into());
    println!("{}", r.clone().unwrap_or(-1));
    println!("{:?}", r.as_ref().map_err(|e| e.len()));
    match r {
        Ok(v) => println!("ok {v}"),
        Err(e) if e == "bad" => println!("bad error"),
        Err(e) => println!("other {e}"),
    }
    let c = 'z';
    println!("{} {} {}", c as u32, (b'a' + 1) as char, c.is_alphabetic());
}
