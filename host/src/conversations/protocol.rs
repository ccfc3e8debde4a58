//! Protocol numbers: Anatel requires every customer contact to get a unique number the customer can
//! quote later. The format is configurable per tenant; the counter itself lives in storage, keyed
//! by [`ProtocolFormat::period_key`].

use std::fmt::Write as _;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};

pub const DEFAULT_TEMPLATE: &str = "{yyyy}{mm}{dd}{seq:6}";

const MAX_SEQ_WIDTH: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Year4,
    Year2,
    Month,
    Day,
    Seq(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolFormat {
    parts: Vec<Part>,
}

impl Default for ProtocolFormat {
    fn default() -> Self {
        ProtocolFormat {
            parts: vec![Part::Year4, Part::Month, Part::Day, Part::Seq(6)],
        }
    }
}

impl ProtocolFormat {
    /// Literals are limited to characters that survive being read aloud, typed into a form or put
    /// in a URL, since customers quote these numbers back.
    pub fn parse(template: &str) -> std::result::Result<ProtocolFormat, String> {
        let mut parts: Vec<Part> = Vec::new();
        let mut rest = template;
        while let Some(c) = rest.chars().next() {
            if c == '{' {
                let Some(end) = rest.find('}') else {
                    return Err(format!("unclosed placeholder {rest:?}"));
                };
                parts.push(placeholder(&rest[1..end])?);
                rest = &rest[end + 1..];
                continue;
            }
            if !(c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.')) {
                return Err(format!(
                    "character {c:?} is not allowed; use letters, digits, - / . and placeholders"
                ));
            }
            match parts.last_mut() {
                Some(Part::Literal(text)) => text.push(c),
                _ => parts.push(Part::Literal(c.to_string())),
            }
            rest = &rest[c.len_utf8()..];
        }
        match parts.iter().filter(|p| matches!(p, Part::Seq(_))).count() {
            0 => Err("the template needs a {seq:N} placeholder, e.g. {seq:6}".to_owned()),
            1 => Ok(ProtocolFormat { parts }),
            _ => Err("the template must contain {seq:N} only once".to_owned()),
        }
    }

    /// Parsing this again yields an equal format.
    pub fn template(&self) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(text) => out.push_str(text),
                Part::Year4 => out.push_str("{yyyy}"),
                Part::Year2 => out.push_str("{yy}"),
                Part::Month => out.push_str("{mm}"),
                Part::Day => out.push_str("{dd}"),
                Part::Seq(width) => {
                    let _ = write!(out, "{{seq:{width}}}");
                }
            }
        }
        out
    }

    /// The counter restarts whenever this key changes. Numbers stay unique because every date
    /// field has a fixed width: equal numbers imply equal keys and equal sequence values.
    ///
    /// A key can recur (a template without the year repeats its key every year, one without date
    /// parts always has the same key, possibly ""), so storage must keep one counter per key and
    /// continue it, never reset a reused key to 1.
    pub fn period_key(&self, date: NaiveDate) -> String {
        self.write(date, None)
    }

    /// A sequence wider than N is written in full: truncating it would reissue old numbers.
    pub fn render(&self, date: NaiveDate, seq: u64) -> String {
        self.write(date, Some(seq))
    }

    fn write(&self, date: NaiveDate, seq: Option<u64>) -> String {
        let mut out = String::new();
        for part in &self.parts {
            // Writing to a String cannot fail.
            let _ = match part {
                Part::Literal(text) => out.write_str(text),
                Part::Year4 => write!(out, "{:04}", date.year()),
                Part::Year2 => write!(out, "{:02}", date.year().rem_euclid(100)),
                Part::Month => write!(out, "{:02}", date.month()),
                Part::Day => write!(out, "{:02}", date.day()),
                Part::Seq(width) => match seq {
                    Some(seq) => write!(out, "{seq:0width$}"),
                    None => Ok(()),
                },
            };
        }
        out
    }
}

fn placeholder(name: &str) -> std::result::Result<Part, String> {
    match name {
        "yyyy" => Ok(Part::Year4),
        "yy" => Ok(Part::Year2),
        "mm" => Ok(Part::Month),
        "dd" => Ok(Part::Day),
        "seq" => Err(format!(
            "{{seq}} needs a width: {{seq:N}} with N from 1 to {MAX_SEQ_WIDTH}"
        )),
        _ => {
            let Some(width) = name.strip_prefix("seq:") else {
                return Err(format!(
                    "unknown placeholder {{{name}}}; use {{yyyy}} {{yy}} {{mm}} {{dd}} or {{seq:N}}"
                ));
            };
            // Leading zeros and signs are refused so that `template()` reproduces the input.
            match width.parse::<usize>() {
                Ok(w) if (1..=MAX_SEQ_WIDTH).contains(&w) && w.to_string() == width => {
                    Ok(Part::Seq(w))
                }
                _ => Err(format!(
                    "bad width in {{{name}}}: N must be a number from 1 to {MAX_SEQ_WIDTH}"
                )),
            }
        }
    }
}

/// The protocol date is the customer's local date, not UTC's: in Brasília (UTC-03:00, no daylight
/// saving since 2019) a conversation opened at 22:00 belongs to that day, not the next.
pub fn local_date(now: DateTime<Utc>, offset: FixedOffset) -> NaiveDate {
    now.with_timezone(&offset).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("bad date {y}-{m}-{d}"))
    }

    fn format(template: &str) -> ProtocolFormat {
        ProtocolFormat::parse(template).unwrap_or_else(|e| panic!("{template}: {e}"))
    }

    fn parse_error(template: &str) -> String {
        match ProtocolFormat::parse(template) {
            Err(message) => message,
            Ok(parsed) => panic!("{template} parsed as {parsed:?}"),
        }
    }

    #[test]
    fn default_renders_date_and_six_digit_sequence() {
        let default = ProtocolFormat::default();
        assert_eq!(default, format(DEFAULT_TEMPLATE));
        assert_eq!(default.template(), DEFAULT_TEMPLATE);
        assert_eq!(default.render(date(2026, 11, 26), 42), "20261126000042");
        assert_eq!(default.render(date(2027, 1, 5), 1), "20270105000001");
    }

    #[test]
    fn sequence_is_zero_padded_and_never_truncated() {
        for (template, y, seq, expected) in [
            ("AT-{yy}/{seq:3}", 2026, 0, "AT-26/000"),
            ("AT-{yy}/{seq:3}", 2026, 7, "AT-26/007"),
            ("AT-{yy}/{seq:3}", 2026, 999, "AT-26/999"),
            ("AT-{yy}/{seq:3}", 2026, 1000, "AT-26/1000"),
            ("{seq:1}", 2026, 12, "12"),
            ("{seq:12}", 2026, 5, "000000000005"),
            ("{seq:12}", 2026, u64::MAX, "18446744073709551615"),
            ("P{seq:4}.{dd}{mm}{yyyy}", 2026, 15, "P0015.01022026"),
            ("{yyyy}{yy}{seq:1}", 2000, 1, "2000001"),
            ("{yyyy}{yy}{seq:1}", 987, 1, "0987871"),
        ] {
            assert_eq!(format(template).render(date(y, 2, 1), seq), expected);
        }
    }

    #[test]
    fn numbers_are_unique_even_when_the_sequence_overflows_between_fields() {
        let f = format("{dd}{seq:1}{mm}");
        let mut seen = std::collections::HashSet::new();
        let mut day = date(2026, 1, 1);
        while day.year() == 2026 {
            for seq in 0..120 {
                assert!(seen.insert(f.render(day, seq)), "{day} {seq}");
            }
            day = day.succ_opt().unwrap_or_else(|| panic!("{day}"));
        }
    }

    #[test]
    fn period_key_drops_only_the_sequence() {
        let d = date(2026, 11, 26);
        assert_eq!(ProtocolFormat::default().period_key(d), "20261126");
        assert_eq!(format("{yyyy}{mm}-{seq:5}").period_key(d), "202611-");
        assert_eq!(format("{yy}.{seq:5}.X").period_key(d), "26..X");
        assert_eq!(format("{seq:8}").period_key(d), "");
        assert_eq!(format("ISP-{seq:8}").period_key(d), "ISP-");
        assert_eq!(format("ISP-{seq:8}").period_key(date(2030, 1, 1)), "ISP-");
        // The key changes exactly when the rendered date parts do.
        let monthly = format("{yyyy}{mm}{seq:6}");
        assert_eq!(monthly.period_key(date(2026, 11, 1)), monthly.period_key(d));
        assert_ne!(monthly.period_key(date(2026, 12, 1)), monthly.period_key(d));
    }

    #[test]
    fn templates_round_trip() {
        for template in [
            DEFAULT_TEMPLATE,
            "{seq:1}",
            "ATD-{yy}{mm}/{seq:12}.a",
            "{dd}.{mm}.{yyyy}-{seq:4}-Z9",
        ] {
            let parsed = format(template);
            assert_eq!(parsed.template(), template);
            assert_eq!(format(&parsed.template()), parsed);
        }
    }

    #[test]
    fn parse_errors_explain_the_problem() {
        for (template, expected) in [
            ("", "needs a {seq:N}"),
            ("{yyyy}{mm}{dd}", "needs a {seq:N}"),
            ("{seq:3}{seq:3}", "only once"),
            ("{seq}", "{seq} needs a width"),
            ("{seq:0}", "bad width"),
            ("{seq:13}", "bad width"),
            ("{seq:06}", "bad width"),
            ("{seq:+6}", "bad width"),
            ("{seq:x}", "bad width"),
            ("{seq:}", "bad width"),
            ("{hh}{seq:6}", "unknown placeholder {hh}"),
            ("{YYYY}{seq:6}", "unknown placeholder {YYYY}"),
            ("{}{seq:6}", "unknown placeholder {}"),
            ("{yyyy{seq:6}", "unknown placeholder"),
            ("{seq:6", "unclosed placeholder"),
            ("{seq:6}}", "character '}' is not allowed"),
            ("AB {seq:6}", "character ' ' is not allowed"),
            ("A_{seq:6}", "character '_' is not allowed"),
            ("Nº{seq:6}", "character 'º' is not allowed"),
        ] {
            let message = parse_error(template);
            assert!(message.contains(expected), "{template}: {message}");
        }
    }

    #[test]
    fn local_date_follows_the_offset_across_utc_midnight() {
        let brasilia = FixedOffset::west_opt(3 * 3600).unwrap_or_else(|| panic!("offset"));
        let at = |s: &str| {
            DateTime::parse_from_rfc3339(s)
                .unwrap_or_else(|e| panic!("{s}: {e}"))
                .with_timezone(&Utc)
        };
        let utc = FixedOffset::east_opt(0).unwrap_or_else(|| panic!("offset"));
        for (now, offset, expected) in [
            ("2026-11-27T01:30:00Z", brasilia, date(2026, 11, 26)),
            ("2026-11-27T02:59:59Z", brasilia, date(2026, 11, 26)),
            ("2026-11-27T03:00:00Z", brasilia, date(2026, 11, 27)),
            ("2027-01-01T02:00:00Z", brasilia, date(2026, 12, 31)),
            ("2026-11-27T01:30:00Z", utc, date(2026, 11, 27)),
        ] {
            assert_eq!(local_date(at(now), offset), expected, "{now} {offset}");
        }
    }
}
