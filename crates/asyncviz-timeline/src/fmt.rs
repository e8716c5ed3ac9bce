//! Formatting of virtual time and addresses for people.

/// Formats virtual nanoseconds: `0 ms`, `250 ms`, `1.5 s`, `40 µs`, `12 ns`.
///
/// Zero prints as `0 ms` because the programs we show count in milliseconds.
pub fn fmt_ns(ns: u64) -> String {
    let (unit, suffix) = unit_of(ns);
    format!("{} {suffix}", trim(ns, unit))
}

/// How many characters [`fmt_ns`] writes for `ns`, without writing them: the readout holds the
/// width of the longest time in a run (`Timeline::widest_time`), found at every time the run
/// reaches while it is laid out.
pub(crate) fn fmt_ns_chars(ns: u64) -> usize {
    let (unit, suffix) = unit_of(ns);
    let (whole, frac) = thousandths(ns, unit);
    // The point and the thousandths without their trailing zeros.
    let decimals = match frac {
        0 => 0,
        f if f % 100 == 0 => 2,
        f if f % 10 == 0 => 3,
        _ => 4,
    };
    digits(whole) + decimals + 1 + suffix.chars().count()
}

/// The unit [`fmt_ns`] writes `ns` in, in nanoseconds, and its symbol.
fn unit_of(ns: u64) -> (u64, &'static str) {
    if ns == 0 {
        (1_000_000, "ms")
    } else if ns >= 1_000_000_000 && ns.is_multiple_of(1_000_000) {
        (1_000_000_000, "s")
    } else if ns >= 1_000_000 {
        (1_000_000, "ms")
    } else if ns >= 1_000 {
        (1_000, "µs")
    } else {
        (1, "ns")
    }
}

/// `ns` in `unit`s, rounded half up to thousandths: the whole part and the thousandths.
fn thousandths(ns: u64, unit: u64) -> (u128, u128) {
    let thousandths = (u128::from(ns) * 1000 + u128::from(unit / 2)) / u128::from(unit);
    (thousandths / 1000, thousandths % 1000)
}

/// The number of decimal digits in `n` (1 for 0).
fn digits(n: u128) -> usize {
    n.checked_ilog10().map_or(1, |log| log as usize + 1)
}

/// Formats a virtual address as hex, e.g. `0x7f00_1040`.
pub fn fmt_addr(addr: u64) -> String {
    let hex = format!("{addr:x}");
    if hex.len() <= 4 {
        return format!("0x{hex}");
    }
    // Group hex digits in fours from the right, like Rust literals, so addresses stay readable.
    let mut groups = Vec::new();
    let mut end = hex.len();
    while end > 0 {
        let start = end.saturating_sub(4);
        groups.push(&hex[start..end]);
        end = start;
    }
    groups.reverse();
    format!("0x{}", groups.join("_"))
}

/// `ns` in `unit`s to three decimals, rounded half up, without trailing zeros: `1.5`, `250`.
/// Integer arithmetic, not float formatting: the timeline's axis and readout format times at
/// every step, and exact float formatting is slow (and its slow path is large code).
fn trim(ns: u64, unit: u64) -> String {
    let (whole, frac) = thousandths(ns, unit);
    if frac == 0 {
        return whole.to_string();
    }
    let digits = format!("{frac:03}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// English ordinal-free count: `1 poll`, `2 polls`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A list in a sentence: `a`, `a and b`, `a, b and c`.
pub fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(fmt_ns(0), "0 ms");
        assert_eq!(fmt_ns(12), "12 ns");
        assert_eq!(fmt_ns(40_000), "40 µs");
        assert_eq!(fmt_ns(250_000_000), "250 ms");
        assert_eq!(fmt_ns(1_500_000_000), "1.5 s");
        assert_eq!(fmt_ns(2_000_000_000), "2 s");
        assert_eq!(fmt_ns(1_000_500_000), "1000.5 ms");
        assert_eq!(fmt_ns(1_234_567), "1.235 ms", "three decimals, rounded");
        assert_eq!(
            fmt_ns(1_999_999),
            "2 ms",
            "rounding carries into the whole part"
        );
        assert_eq!(fmt_ns(1_050), "1.05 µs");
        assert_eq!(fmt_ns(u64::MAX), "18446744073709.552 ms", "no overflow");
    }

    #[test]
    fn the_width_of_a_time_is_what_fmt_ns_writes() {
        let mut samples = vec![
            0,
            1,
            9,
            10,
            999,
            1_000,
            1_050,
            40_000,
            999_999,
            1_000_000,
            1_234_567,
            1_999_999,
            250_000_000,
            999_999_999,
            1_000_000_000,
            1_000_500_000,
            1_500_000_000,
            2_000_000_000,
            86_400_000_000_000,
            u64::MAX,
        ];
        // And a spread of others: every power of ten and its neighbours, and odd products.
        let mut x: u64 = 1;
        while let Some(next) = x.checked_mul(10) {
            samples.extend([x - 1, x, x + 1, x + x / 2, x.saturating_mul(7) / 3]);
            x = next;
        }
        for ns in samples {
            assert_eq!(fmt_ns_chars(ns), fmt_ns(ns).chars().count(), "{ns} ns");
        }
        assert_eq!(digits(0), 1);
        assert_eq!(digits(10), 2);
        assert_eq!(digits(u128::from(u64::MAX)), 20);
    }

    #[test]
    fn addresses() {
        assert_eq!(fmt_addr(0x10), "0x10");
        assert_eq!(fmt_addr(0x7f00_1040), "0x7f00_1040");
        assert_eq!(fmt_addr(0x1_0000), "0x1_0000");
    }
}
