//! RFC 3339 timestamps to and from nanoseconds since the Unix epoch (UTC), without a date-time
//! dependency.

const NANOS_PER_SEC: i64 = 1_000_000_000;
const SECS_PER_DAY: i64 = 86_400;

/// Days from 1970-01-01 to the given proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A cursor over the ASCII bytes of a timestamp.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    /// Exactly `n` decimal digits.
    fn digits(&mut self, n: usize, what: &'static str) -> Result<i64, &'static str> {
        let mut value = 0i64;
        for _ in 0..n {
            match self.bytes.get(self.pos) {
                Some(b) if b.is_ascii_digit() => {
                    value = value * 10 + i64::from(b - b'0');
                    self.pos += 1;
                }
                _ => return Err(what),
            }
        }
        Ok(value)
    }

    /// One byte out of `allowed`.
    fn one_of(&mut self, allowed: &[u8], what: &'static str) -> Result<u8, &'static str> {
        match self.bytes.get(self.pos) {
            Some(b) if allowed.contains(b) => {
                self.pos += 1;
                Ok(*b)
            }
            _ => Err(what),
        }
    }
}

/// Parses an RFC 3339 timestamp (`2026-11-01T00:00:00Z`, `2026-11-01T01:30:00.25+01:30`) into
/// nanoseconds since the epoch. `t`/`z` may be lower-case and a space may separate date and time;
/// the fraction has 1 to 9 digits; leap seconds (`:60`) are refused. On failure, says why.
pub fn parse_rfc3339(text: &str) -> Result<i64, &'static str> {
    let mut c = Cursor {
        bytes: text.as_bytes(),
        pos: 0,
    };
    let year = c.digits(4, "expected a four-digit year")?;
    c.one_of(b"-", "expected '-' after the year")?;
    let month = c.digits(2, "expected a two-digit month")?;
    c.one_of(b"-", "expected '-' after the month")?;
    let day = c.digits(2, "expected a two-digit day")?;
    c.one_of(b"Tt ", "expected 'T' between date and time")?;
    let hour = c.digits(2, "expected a two-digit hour")?;
    c.one_of(b":", "expected ':' after the hour")?;
    let minute = c.digits(2, "expected two-digit minutes")?;
    c.one_of(b":", "expected ':' after the minutes")?;
    let second = c.digits(2, "expected two-digit seconds")?;
    let mut nanos = 0i64;
    if c.one_of(b".", "").is_ok() {
        let start = c.pos;
        while c.bytes.get(c.pos).is_some_and(u8::is_ascii_digit) {
            c.pos += 1;
        }
        let count = c.pos - start;
        if count == 0 {
            return Err("expected digits after the decimal point");
        }
        if count > 9 {
            return Err("more than nine fractional digits");
        }
        for &b in &c.bytes[start..c.pos] {
            nanos = nanos * 10 + i64::from(b - b'0');
        }
        for _ in count..9 {
            nanos *= 10;
        }
    }
    let offset_secs = match c.one_of(b"Zz+-", "expected 'Z' or a UTC offset like +01:00")? {
        b'Z' | b'z' => 0,
        sign => {
            let hours = c.digits(2, "expected a two-digit offset hour")?;
            c.one_of(b":", "expected ':' in the UTC offset")?;
            let minutes = c.digits(2, "expected two-digit offset minutes")?;
            if hours > 23 || minutes > 59 {
                return Err("UTC offset out of range");
            }
            let secs = hours * 3600 + minutes * 60;
            if sign == b'-' {
                -secs
            } else {
                secs
            }
        }
    };
    if c.pos != c.bytes.len() {
        return Err("unexpected text after the timestamp");
    }
    if !(1..=12).contains(&month) {
        return Err("month out of range");
    }
    if day < 1 || day > days_in_month(year, month) {
        return Err("day out of range");
    }
    if hour > 23 || minute > 59 {
        return Err("time of day out of range");
    }
    if second > 59 {
        return Err("seconds out of range (leap seconds are not supported)");
    }
    let secs =
        days_from_civil(year, month, day) * SECS_PER_DAY + hour * 3600 + minute * 60 + second
            - offset_secs;
    let total = i128::from(secs) * i128::from(NANOS_PER_SEC) + i128::from(nanos);
    i64::try_from(total).map_err(|_| "outside the representable range (years 1677 to 2262)")
}

/// Formats nanoseconds since the epoch as RFC 3339 in UTC (`2026-11-01T00:00:00.5Z`), with the
/// shortest fraction that keeps every nanosecond. [`parse_rfc3339`] reads it back to the same value.
pub fn format_rfc3339(ns: i64) -> String {
    let secs = ns.div_euclid(NANOS_PER_SEC);
    let frac = ns.rem_euclid(NANOS_PER_SEC);
    let (year, month, day) = civil_from_days(secs.div_euclid(SECS_PER_DAY));
    let sod = secs.rem_euclid(SECS_PER_DAY);
    let mut out = format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        sod / 3600,
        sod % 3600 / 60,
        sod % 60
    );
    if frac != 0 {
        let digits = format!("{frac:09}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    out.push('Z');
    out
}

/// Formats nanoseconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`.
pub fn rfc3339_nanos(ns: u64) -> String {
    // Written digit by digit into a fixed buffer: every finding carries two of these, and
    // `format!` with padding cost ten times as much.
    let secs = ns / 1_000_000_000;
    let nanos = ns % 1_000_000_000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    let mut buf = *b"0000-00-00T00:00:00.000000000Z";
    // u64 nanoseconds end in the year 2554: four digits always suffice.
    put_digits(&mut buf[0..4], y.unsigned_abs());
    put_digits(&mut buf[5..7], m.unsigned_abs());
    put_digits(&mut buf[8..10], d.unsigned_abs());
    put_digits(&mut buf[11..13], rem / 3600);
    put_digits(&mut buf[14..16], (rem / 60) % 60);
    put_digits(&mut buf[17..19], rem % 60);
    put_digits(&mut buf[20..29], nanos);
    // Only ASCII digits and separators were written.
    String::from_utf8_lossy(&buf).into_owned()
}

/// Writes the low `out.len()` decimal digits of `value` into `out`, zero-padded.
fn put_digits(out: &mut [u8], mut value: u64) {
    for slot in out.iter_mut().rev() {
        *slot = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

/// The current wall-clock time in nanoseconds since the Unix epoch.
pub fn now_ns() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(rfc3339_nanos(0), "1970-01-01T00:00:00.000000000Z");
        // 2026-11-23T17:56:15.123456789Z
        assert_eq!(
            rfc3339_nanos(1_795_456_575_123_456_789),
            "2026-11-23T17:56:15.123456789Z"
        );
        // A leap day.
        assert_eq!(
            rfc3339_nanos(951_782_400_000_000_000),
            "2000-02-29T00:00:00.000000000Z"
        );
        // The largest instant a u64 holds.
        assert_eq!(rfc3339_nanos(u64::MAX), "2554-07-21T23:34:33.709551615Z");
        // Read back to the same instant, across the range the parser covers.
        let mut ns: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..2000 {
            ns = ns.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let t = ns % (i64::MAX as u64);
            let text = rfc3339_nanos(t);
            assert_eq!(parse_rfc3339(&text), Ok(t as i64), "{text}");
        }
    }

    #[test]
    fn parses_utc_offsets_and_fractions() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Ok(0));
        assert_eq!(parse_rfc3339("1970-01-01T00:00:01.5Z"), Ok(1_500_000_000));
        assert_eq!(parse_rfc3339("1970-01-01t00:00:00.000000001z"), Ok(1));
        assert_eq!(parse_rfc3339("1970-01-01T01:00:00+01:00"), Ok(0));
        assert_eq!(parse_rfc3339("1969-12-31T23:00:00-01:00"), Ok(0));
        assert_eq!(parse_rfc3339("1969-12-31T23:59:59.999999999Z"), Ok(-1));
        assert_eq!(
            parse_rfc3339("2026-11-01T00:00:00Z"),
            Ok(1_793_491_200_000_000_000)
        );
        assert_eq!(
            parse_rfc3339("2024-02-29 12:00:00Z"),
            Ok(1_709_208_000_000_000_000)
        );
    }

    #[test]
    fn refuses_malformed_and_out_of_range() {
        for bad in [
            "",
            "2026-11-01",
            "2026-11-01T00:00:00",
            "2026-11-01T00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2026-11-31T00:00:00Z",
            "2026-11-01T24:00:00Z",
            "2026-11-01T00:60:00Z",
            "2026-11-01T00:00:60Z",
            "2026-11-01T00:00:00.Z",
            "2026-11-01T00:00:00.1234567890Z",
            "2026-11-01T00:00:00+24:00",
            "2026-11-01T00:00:00+0100",
            "2026-11-01T00:00:00Zjunk",
            "1600-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "２０２６-11-01T00:00:00Z",
        ] {
            assert!(parse_rfc3339(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn formats_back_to_the_same_instant() {
        for ns in [
            0,
            1,
            -1,
            1_500_000_000,
            1_793_491_200_123_000_000,
            i64::MIN,
            i64::MAX,
        ] {
            let text = format_rfc3339(ns);
            assert_eq!(parse_rfc3339(&text), Ok(ns), "{text}");
        }
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(
            format_rfc3339(1_793_491_200_120_000_000),
            "2026-11-01T00:00:00.12Z"
        );
        assert_eq!(format_rfc3339(-1), "1969-12-31T23:59:59.999999999Z");
    }
}
