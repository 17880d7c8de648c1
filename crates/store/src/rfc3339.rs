//! RFC 3339 timestamps to nanoseconds since the Unix epoch (what findings carry).

/// `2026-11-23T17:56:15.123456789Z` or with an offset (`+02:00`) to ns since the epoch.
pub fn parse_ns(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())
            .flatten()
    };
    let (y, mo, d, h, mi, se) = (
        num(0..4)?,
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
        num(17..19)?,
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut rest = &s[19..];
    let mut nanos = 0i64;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        for (i, c) in frac[..digits].bytes().enumerate().take(9) {
            nanos += i64::from(c - b'0') * 10i64.pow(8 - i as u32);
        }
        rest = &frac[digits..];
    }
    let offset_s = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            if rest.len() != 6 || rest.as_bytes()[3] != b':' {
                return None;
            }
            let oh: i64 = rest[1..3].parse().ok()?;
            let om: i64 = rest[4..6].parse().ok()?;
            sign * (oh * 3600 + om * 60)
        }
    };
    // Days from civil (Howard Hinnant).
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + h * 3600 + mi * 60 + se - offset_s;
    secs.checked_mul(1_000_000_000)?.checked_add(nanos)
}

#[cfg(test)]
mod tests {
    use super::parse_ns;

    #[test]
    fn parses_what_findings_carry_and_offsets() {
        assert_eq!(
            parse_ns("2026-11-23T17:56:15.123456789Z"),
            Some(1_795_456_575_123_456_789)
        );
        assert_eq!(parse_ns("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_ns("1970-01-01T01:00:00+01:00"), Some(0));
        assert_eq!(
            parse_ns("2000-02-29T00:00:00.5Z"),
            Some(951_782_400_500_000_000)
        );
        for bad in [
            "",
            "2026-13-01T00:00:00Z",
            "2026-11-23",
            "2026-11-23T17:56:15",
            "2026-11-23T17:56:15.Z",
            "x026-11-23T17:56:15Z",
        ] {
            assert_eq!(parse_ns(bad), None, "{bad}");
        }
    }
}
