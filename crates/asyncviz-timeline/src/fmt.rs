//! Formatting of virtual time and addresses for people.

/// Formats virtual nanoseconds: `0 ms`, `250 ms`, `1.5 s`, `40 µs`, `12 ns`.
///
/// Zero prints as `0 ms` because the programs we show count in milliseconds.
pub fn fmt_ns(ns: u64) -> String {
    if ns == 0 {
        "0 ms".to_string()
    } else if ns >= 1_000_000_000 && ns.is_multiple_of(1_000_000) {
        format!("{} s", trim(ns, 1_000_000_000))
    } else if ns >= 1_000_000 {
        format!("{} ms", trim(ns, 1_000_000))
    } else if ns >= 1_000 {
        format!("{} µs", trim(ns, 1_000))
    } else {
        format!("{ns} ns")
    }
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
    let thousandths = (u128::from(ns) * 1000 + u128::from(unit / 2)) / u128::from(unit);
    let (whole, frac) = (thousandths / 1000, thousandths % 1000);
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
    fn addresses() {
        assert_eq!(fmt_addr(0x10), "0x10");
        assert_eq!(fmt_addr(0x7f00_1040), "0x7f00_1040");
        assert_eq!(fmt_addr(0x1_0000), "0x1_0000");
    }
}
