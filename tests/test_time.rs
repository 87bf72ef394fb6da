//! `Timestamp`: every accepted text form, a table of refused ones with their messages, the
//! calendar checked day by day against an independent count, day arithmetic at the ends of
//! the range, the unix, `SystemTime`, jiff and chrono conversions, and a differential
//! property test of the parser against jiff's.

use std::time::{Duration, SystemTime};

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use qualify::{Timestamp, TimestampError};

const MIN: i64 = -62_135_596_800;
const MAX: i64 = 253_402_300_799;
const DAY: i64 = 86_400;

#[track_caller]
fn ts(text: &str) -> Timestamp {
    match text.parse() {
        Ok(t) => t,
        Err(e) => panic!("{text:?} should parse: {e}"),
    }
}

#[track_caller]
fn refusal(text: &str) -> String {
    match text.parse::<Timestamp>() {
        Ok(t) => panic!("{text:?} should be refused, read as {t}"),
        Err(e) => e.to_string(),
    }
}

fn invalid(text: &str) -> String {
    format!(
        "invalid timestamp {text:?}: expected an instant such as \"2026-11-25T09:30:00Z\" (any offset: \"+01:00\", or \"+0000\" as Salesforce writes it) or a date alone, \"2026-11-25\""
    )
}

fn beyond(text: &str) -> String {
    format!("timestamp {text:?} is outside years 1 to 9999 in UTC")
}

// ---------------------------------------------------------------------------------------
// Accepted forms

#[test]
fn every_accepted_form_reads_as_its_instant_in_utc() {
    for (text, utc) in [
        // RFC 3339 in UTC, and the case and separator variants RFC 3339 allows.
        ("2026-11-25T09:30:00Z", "2026-11-25T09:30:00Z"),
        ("2026-11-25t09:30:00z", "2026-11-25T09:30:00Z"),
        ("2026-11-25 09:30:00Z", "2026-11-25T09:30:00Z"),
        ("2026-11-25T09:30:00-00:00", "2026-11-25T09:30:00Z"),
        ("2026-11-25T09:30:00+00:00", "2026-11-25T09:30:00Z"),
        // Offsets, normalised to UTC, across a day boundary too.
        ("2026-11-25T10:30:00+01:00", "2026-11-25T09:30:00Z"),
        ("2026-11-25T04:00:00-05:30", "2026-11-25T09:30:00Z"),
        ("2026-11-25T15:00:00+05:30", "2026-11-25T09:30:00Z"),
        ("2026-11-25T23:30:00-23:59", "2026-11-26T23:29:00Z"),
        ("2026-11-25T00:30:00+23:59", "2026-11-24T00:31:00Z"),
        ("2027-01-01T00:30:00+01:00", "2026-12-31T23:30:00Z"),
        // Fractions of 1 to 9 digits are dropped.
        ("2026-11-25T09:30:00.1Z", "2026-11-25T09:30:00Z"),
        ("2026-11-25T09:30:00.123Z", "2026-11-25T09:30:00Z"),
        ("2026-11-25T09:30:59.999999999Z", "2026-11-25T09:30:59Z"),
        ("2026-11-25T10:30:00.5+01:00", "2026-11-25T09:30:00Z"),
        // Salesforce: milliseconds and an offset without its colon.
        ("2026-11-25T09:30:00.000+0000", "2026-11-25T09:30:00Z"),
        ("2026-11-25T04:00:00.000-0530", "2026-11-25T09:30:00Z"),
        ("2026-11-25T10:30:00+0100", "2026-11-25T09:30:00Z"),
        // A date alone is the start of that day in UTC.
        ("2026-12-31", "2026-12-31T00:00:00Z"),
        ("2024-02-29", "2024-02-29T00:00:00Z"),
        ("0001-01-01", "0001-01-01T00:00:00Z"),
        ("9999-12-31", "9999-12-31T00:00:00Z"),
        // A leap second is the 59th second of its minute, fraction and all.
        ("2016-12-31T23:59:60Z", "2016-12-31T23:59:59Z"),
        ("2016-12-31T23:59:60.999Z", "2016-12-31T23:59:59Z"),
        ("2016-12-31T18:59:60-05:00", "2016-12-31T23:59:59Z"),
        // The ends of the range, reached through offsets; year 0000 in local time is fine
        // when the instant is in year 1.
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
        ("0000-12-31T23:00:00-01:00", "0001-01-01T00:00:00Z"),
        ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"),
        ("9999-01-01", "9999-01-01T00:00:00Z"),
        ("9999-12-31T23:59:59.999999999Z", "9999-12-31T23:59:59Z"),
        ("9999-12-31T23:59:60Z", "9999-12-31T23:59:59Z"),
        ("9999-12-31T22:59:59-01:00", "9999-12-31T23:59:59Z"),
    ] {
        assert_eq!(ts(text).to_string(), utc, "{text}");
    }
}

#[test]
fn the_canonical_form_is_what_display_writes_and_parse_reads_back() {
    let t = ts("2026-11-25T04:00:00.750-05:30");
    assert_eq!(t.to_string(), "2026-11-25T09:30:00Z");
    assert_eq!(ts(&t.to_string()), t);
    assert_eq!(t.as_unix_seconds(), 1_795_599_000);
}

#[test]
fn sub_second_digits_truncate_toward_the_earlier_second_on_both_sides_of_the_epoch() {
    assert_eq!(ts("1970-01-01T00:00:00.999Z").as_unix_seconds(), 0);
    assert_eq!(ts("1969-12-31T23:59:59.999Z").as_unix_seconds(), -1);
    assert_eq!(ts("1969-12-31T23:59:59.001Z").as_unix_seconds(), -1);
    assert_eq!(ts("1970-01-01T00:00:00.5+00:30").as_unix_seconds(), -1_800);
    for (millis, seconds) in [
        (0, 0),
        (999, 0),
        (1_000, 1),
        (1_999, 1),
        (-1, -1),
        (-999, -1),
        (-1_000, -1),
        (-1_001, -2),
        (MIN * 1000, MIN),
        (MAX * 1000 + 999, MAX),
    ] {
        assert_eq!(
            Timestamp::from_unix_millis(millis).map(Timestamp::as_unix_seconds),
            Ok(seconds),
            "{millis}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Refused forms, with their messages

#[test]
fn refused_forms_name_the_text() {
    for text in [
        "",
        "2026",
        "2026-11",
        "2026-11-25T",
        "2026-11-25Z",
        "2026-11-25T09:30",
        "2026-11-25T09:30Z",
        "2026-11-25T09Z",
        "2026-11-25T09:30:00",
        "2026-11-25T09:30:00.5",
        "2026-11-25T09:30:00+01",
        "2026-11-25T09:30:00+01:0",
        "2026-11-25T09:30:00+1:00",
        "2026-11-25T09:30:00+01:00:30",
        "2026-11-25T09:30:00+01:0030",
        "2026-11-25T09:30:00+0100:00",
        "2026-11-25T09:30:00+01:00Z",
        "2026-11-25T09:30:00ZZ",
        "2026-11-25T09:30:00UTC",
        "2026-11-25T09:30:00Z[UTC]",
        "2026-11-25T10:30:00+01:00[Europe/Paris]",
        "2026-11-25T09:30:00 Z",
        " 2026-11-25T09:30:00Z",
        "2026-11-25T09:30:00Z ",
        "2026-11-25T09:30:00Z\n",
        // Fractions: none after the point, more than nine, a comma.
        "2026-11-25T09:30:00.Z",
        "2026-11-25T09:30:00.1234567891Z",
        "2026-11-25T09:30:00,5Z",
        "2026-11-25T09:30:00.5.5Z",
        // Separators.
        "2026/11/25T09:30:00Z",
        "2026-11-25_09:30:00Z",
        "2026-11-25TT09:30:00Z",
        "2026-11-25T09-30-00Z",
        "2026-11-25T09:30.00Z",
        "2026_11-25",
        "2026-11_25",
        "2026-11-25x",
        // Widths: basic form, short fields, six-digit and signed years.
        "20261125T093000Z",
        "2026-11-25T093000Z",
        "2026-1-25T09:30:00Z",
        "2026-11-5T09:30:00Z",
        "2026-11-25T9:30:00Z",
        "2026-11-25T09:3:00Z",
        "2026-11-25T09:30:0Z",
        "26-11-25T09:30:00Z",
        "+002026-11-25T09:30:00Z",
        "-0001-01-01T00:00:00Z",
        "02026-11-25",
        // Numbers and non-ASCII.
        "1795599000",
        "-1",
        "\u{0662}\u{0660}\u{0662}\u{0666}-11-25T09:30:00Z",
        "2026-11-25T09:30:00\u{FF3A}",
        "2026-11-25\u{2009}09:30:00Z",
        "2026-11-25T09:30:00\u{2212}05:00",
        "é",
    ] {
        assert_eq!(refusal(text), invalid(text), "{text:?}");
    }
}

#[test]
fn no_such_date_time_or_offset_is_refused() {
    for text in [
        // Months and days.
        "2026-00-10",
        "2026-13-10",
        "2026-01-00",
        "2026-01-32",
        "2026-04-31",
        "2026-06-31",
        "2026-09-31",
        "2026-11-31T00:00:00Z",
        "2026-02-29",
        "2100-02-29",
        "1900-02-29",
        "2024-02-30",
        "2000-02-30",
        // Times of day.
        "2026-11-25T24:00:00Z",
        "2026-11-25T09:60:00Z",
        "2026-11-25T09:30:61Z",
        "2026-11-25T99:99:99Z",
        // Offsets beyond ±23:59.
        "2026-11-25T09:30:00+24:00",
        "2026-11-25T09:30:00-24:00",
        "2026-11-25T09:30:00+2400",
        "2026-11-25T09:30:00+25:59",
        "2026-11-25T09:30:00+23:60",
        "2026-11-25T09:30:00-0060",
        // Past the end of jiff's range too.
        "9999-12-31T00:00:00-00:60",
    ] {
        assert_eq!(refusal(text), invalid(text), "{text:?}");
    }
}

#[test]
fn instants_outside_years_1_to_9999_in_utc_are_out_of_range() {
    for text in [
        "0000-12-31",
        "0000-01-01T00:00:00Z",
        "0000-12-31T23:59:59Z",
        "0000-12-31T23:59:59.999Z",
        "0001-01-01T00:30:00+01:00",
        "0001-01-01T00:00:00+00:01",
        "0001-01-01T23:58:59+23:59",
        "9999-12-31T23:00:00-01:00",
        "9999-12-31T23:59:59-00:01",
        "9999-12-31T00:01:00-23:59",
    ] {
        assert_eq!(refusal(text), beyond(text), "{text:?}");
    }
    // Just inside each end.
    assert_eq!(ts("0001-01-01T00:01:00+00:01"), Timestamp::MIN);
    assert_eq!(ts("9999-12-31T23:58:59-00:01"), Timestamp::MAX);
}

#[test]
fn messages_quote_at_most_64_bytes_of_the_text() {
    let long = format!("2026-11-25T09:30:00Z{}", "é".repeat(100));
    let err = long.parse::<Timestamp>().unwrap_err();
    let TimestampError::Invalid { text, len } = &err else {
        panic!("expected an invalid timestamp, got {err:?}");
    };
    assert_eq!(*len, long.len());
    assert!(long.starts_with(text.as_str()) && text.len() <= 64, "{text:?}");
    assert_eq!(
        text.chars().count(),
        20 + 22,
        "20 ASCII characters and 22 two-byte ones"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "invalid timestamp \"{text}…\" ({} bytes): expected an instant such as \"2026-11-25T09:30:00Z\" (any offset: \"+01:00\", or \"+0000\" as Salesforce writes it) or a date alone, \"2026-11-25\"",
            long.len()
        )
    );
    assert_eq!(refusal(&long), err.to_string());
    assert_eq!(
        "0000-12-31".parse::<Timestamp>(),
        Err(TimestampError::TextOutOfRange {
            text: "0000-12-31".into(),
            len: 10
        })
    );
    let digits = "9".repeat(100);
    assert_eq!(
        Timestamp::parse_unix_seconds(&digits),
        Err(TimestampError::TextOutOfRange {
            text: "9".repeat(64),
            len: 100
        })
    );
    let junk = "x".repeat(65);
    assert_eq!(
        Timestamp::parse_unix_millis(&junk),
        Err(TimestampError::InvalidUnixMillis {
            text: "x".repeat(64),
            len: 65
        })
    );
}

#[test]
fn every_message_is_pinned() {
    let cases: [(TimestampError, &str); 6] = [
        (
            TimestampError::Invalid {
                text: "yesterday".into(),
                len: 9,
            },
            "invalid timestamp \"yesterday\": expected an instant such as \"2026-11-25T09:30:00Z\" (any offset: \"+01:00\", or \"+0000\" as Salesforce writes it) or a date alone, \"2026-11-25\"",
        ),
        (
            TimestampError::OutOfRange {
                seconds: -62_135_596_801,
            },
            "timestamp -62135596801 seconds from the unix epoch is outside years 1 to 9999",
        ),
        (
            TimestampError::TextOutOfRange {
                text: "0001-01-01T00:30:00+01:00".into(),
                len: 25,
            },
            "timestamp \"0001-01-01T00:30:00+01:00\" is outside years 1 to 9999 in UTC",
        ),
        (
            TimestampError::InvalidUnixSeconds {
                text: "1e9".into(),
                len: 3,
            },
            "invalid unix seconds \"1e9\": expected a whole number of seconds such as \"1795599000\"",
        ),
        (
            TimestampError::InvalidUnixMillis {
                text: "1.5".into(),
                len: 3,
            },
            "invalid unix milliseconds \"1.5\": expected a whole number of milliseconds such as \"1795599000000\"",
        ),
        (
            TimestampError::Unrepresentable {
                timestamp: Timestamp::MAX,
                target: "jiff::Timestamp",
            },
            "timestamp 9999-12-31T23:59:59Z is outside the range of jiff::Timestamp",
        ),
    ];
    for (error, message) in cases {
        assert_eq!(error.to_string(), message);
    }
}

// ---------------------------------------------------------------------------------------
// The calendar, against an independent count

/// The Gregorian rule, written out as it is stated.
fn leap(year: i64) -> bool {
    if year % 400 == 0 {
        true
    } else if year % 100 == 0 {
        false
    } else {
        year % 4 == 0
    }
}

fn month_length(year: i64, month: i64) -> i64 {
    const LENGTHS: [i64; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    LENGTHS[(month - 1) as usize] + i64::from(month == 2 && leap(year))
}

#[test]
fn every_day_from_year_1_to_9999_round_trips_against_a_day_count() {
    let mut seconds = MIN;
    let mut text = String::new();
    for year in 1..=9999 {
        for month in 1..=12 {
            for day in 1..=month_length(year, month) {
                use std::fmt::Write;
                text.clear();
                write!(text, "{year:04}-{month:02}-{day:02}T00:00:00Z").unwrap();
                let t = Timestamp::from_unix_seconds(seconds).unwrap();
                assert_eq!(t.to_string(), text);
                assert_eq!(text.parse::<Timestamp>(), Ok(t), "{text}");
                seconds += DAY;
            }
        }
    }
    assert_eq!(seconds - 1, MAX);
}

#[test]
fn every_month_ends_on_its_last_day_in_common_leap_and_century_years() {
    for year in [
        1, 4, 100, 400, 1900, 1970, 2000, 2023, 2024, 2100, 2400, 9996, 9999,
    ] {
        for month in 1..=12 {
            let last = month_length(year, month);
            ts(&format!("{year:04}-{month:02}-{last:02}"));
            ts(&format!("{year:04}-{month:02}-{last:02}T23:59:59Z"));
            let past = format!("{year:04}-{month:02}-{:02}", last + 1);
            assert_eq!(refusal(&past), invalid(&past));
        }
    }
}

#[test]
fn february_29_exists_in_leap_years_only() {
    for (year, is_leap) in [
        (2024, true),
        (2023, false),
        (2000, true),
        (1900, false),
        (2100, false),
        (2400, true),
        (1600, true),
        (1700, false),
        (4, true),
        (1, false),
    ] {
        let text = format!("{year:04}-02-29T12:00:00Z");
        assert_eq!(text.parse::<Timestamp>().is_ok(), is_leap, "{text}");
        // The day after February 28 is February 29 in a leap year, March 1 otherwise.
        let next = ts(&format!("{year:04}-02-28T12:00:00Z"))
            .checked_add_days(1)
            .unwrap();
        let expected = if is_leap {
            text.clone()
        } else {
            format!("{year:04}-03-01T12:00:00Z")
        };
        assert_eq!(next.to_string(), expected);
    }
    // Year 0000 is a leap year: its February 29 is a real date, before year 1.
    assert_eq!(refusal("0000-02-29"), beyond("0000-02-29"));
    assert_eq!(refusal("0000-02-30"), invalid("0000-02-30"));
}

#[test]
fn every_second_of_a_day_round_trips_through_display() {
    for base in [
        ts("2026-11-25"),
        Timestamp::MIN,
        ts("1969-12-31"),
        ts("9999-12-31"),
    ] {
        for second in 0..DAY {
            let t = Timestamp::from_unix_seconds(base.as_unix_seconds() + second).unwrap();
            let text = t.to_string();
            let expected = format!(
                "{}T{:02}:{:02}:{:02}Z",
                &base.to_string()[..10],
                second / 3600,
                second / 60 % 60,
                second % 60
            );
            assert_eq!(text, expected);
            assert_eq!(text.parse::<Timestamp>(), Ok(t));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Arithmetic at the ends of the range

#[test]
fn days_add_and_subtract_up_to_the_ends_of_the_range() {
    let t = ts("2026-11-25T09:30:00Z");
    assert_eq!(t.checked_add_days(0), Some(t));
    assert_eq!(t.checked_sub_days(0), Some(t));
    assert_eq!(t.checked_add_days(1).unwrap().to_string(), "2026-11-26T09:30:00Z");
    assert_eq!(t.checked_sub_days(1).unwrap().to_string(), "2026-11-24T09:30:00Z");
    assert_eq!(
        t.checked_add_days(36).unwrap().to_string(),
        "2026-12-31T09:30:00Z"
    );
    assert_eq!(
        t.checked_sub_days(365).unwrap().to_string(),
        "2025-11-25T09:30:00Z"
    );
    assert_eq!(
        t.checked_add_days(365).unwrap().to_string(),
        "2027-11-25T09:30:00Z"
    );

    let last_day = ts("9999-12-31T00:00:00Z");
    assert_eq!(last_day.checked_sub_days(1), Some(ts("9999-12-30")));
    assert_eq!(
        ts("9999-12-30T23:59:59Z").checked_add_days(1),
        Some(Timestamp::MAX)
    );
    assert_eq!(Timestamp::MAX.checked_add_days(1), None);
    assert_eq!(Timestamp::MAX.checked_add_days(0), Some(Timestamp::MAX));
    assert_eq!(Timestamp::MAX.checked_add_days(u32::MAX), None);
    assert_eq!(ts("0001-01-02").checked_sub_days(1), Some(Timestamp::MIN));
    assert_eq!(ts("0001-01-01T23:59:59Z").checked_sub_days(1), None);
    assert_eq!(Timestamp::MIN.checked_sub_days(1), None);
    assert_eq!(Timestamp::MIN.checked_sub_days(u32::MAX), None);

    // The whole range is 3,652,059 days.
    assert_eq!(Timestamp::MIN.checked_add_days(3_652_058), Some(ts("9999-12-31")));
    assert_eq!(Timestamp::MIN.checked_add_days(3_652_059), None);
    assert_eq!(ts("9999-12-31").checked_sub_days(3_652_058), Some(Timestamp::MIN));
    assert_eq!(ts("9999-12-31").checked_sub_days(3_652_059), None);
}

#[test]
fn seconds_since_is_signed_and_exact() {
    let a = ts("2026-11-25T09:30:00Z");
    let b = ts("2026-11-26T10:31:01Z");
    assert_eq!(b.seconds_since(a), DAY + 3_661);
    assert_eq!(a.seconds_since(b), -(DAY + 3_661));
    assert_eq!(a.seconds_since(a), 0);
    assert_eq!(Timestamp::MAX.seconds_since(Timestamp::MIN), MAX - MIN);
    assert_eq!(Timestamp::MIN.seconds_since(Timestamp::MAX), MIN - MAX);
}

// ---------------------------------------------------------------------------------------
// Unix seconds and milliseconds

#[test]
fn unix_numbers_are_read_only_with_their_unit_named() {
    assert_eq!(
        Timestamp::parse_unix_seconds("1795599000"),
        Ok(ts("2026-11-25T09:30:00Z"))
    );
    assert_eq!(Timestamp::parse_unix_seconds("0"), Ok(ts("1970-01-01")));
    assert_eq!(Timestamp::parse_unix_seconds("-0"), Ok(ts("1970-01-01")));
    assert_eq!(
        Timestamp::parse_unix_seconds("-1"),
        Ok(ts("1969-12-31T23:59:59Z"))
    );
    assert_eq!(
        Timestamp::parse_unix_seconds("00042"),
        Ok(ts("1970-01-01T00:00:42Z"))
    );
    assert_eq!(Timestamp::parse_unix_seconds("-62135596800"), Ok(Timestamp::MIN));
    assert_eq!(Timestamp::parse_unix_seconds("253402300799"), Ok(Timestamp::MAX));

    assert_eq!(
        Timestamp::parse_unix_millis("1795599000999"),
        Ok(ts("2026-11-25T09:30:00Z"))
    );
    assert_eq!(Timestamp::parse_unix_millis("-1"), Ok(ts("1969-12-31T23:59:59Z")));
    assert_eq!(
        Timestamp::parse_unix_millis("-1000"),
        Ok(ts("1969-12-31T23:59:59Z"))
    );
    assert_eq!(
        Timestamp::parse_unix_millis("-1001"),
        Ok(ts("1969-12-31T23:59:58Z"))
    );
    assert_eq!(
        Timestamp::parse_unix_millis("-62135596800000"),
        Ok(Timestamp::MIN)
    );
    assert_eq!(
        Timestamp::parse_unix_millis("253402300799999"),
        Ok(Timestamp::MAX)
    );

    for text in [
        "",
        "-",
        "--1",
        "+5",
        " 5",
        "5 ",
        "5.0",
        "1e9",
        "0x10",
        "1_000",
        "٣",
        "2026-11-25",
    ] {
        assert_eq!(
            Timestamp::parse_unix_seconds(text).unwrap_err().to_string(),
            format!(
                "invalid unix seconds {text:?}: expected a whole number of seconds such as \"1795599000\""
            ),
        );
        assert_eq!(
            Timestamp::parse_unix_millis(text).unwrap_err().to_string(),
            format!(
                "invalid unix milliseconds {text:?}: expected a whole number of milliseconds such as \"1795599000000\""
            ),
        );
    }
    for text in [
        "-62135596801",
        "253402300800",
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "-9223372036854775809",
        "99999999999999999999",
    ] {
        assert_eq!(
            Timestamp::parse_unix_seconds(text).unwrap_err().to_string(),
            beyond(text)
        );
    }
    for text in [
        "-62135596800001",
        "253402300800000",
        "9223372036854775808",
        "-99999999999999999999",
    ] {
        assert_eq!(
            Timestamp::parse_unix_millis(text).unwrap_err().to_string(),
            beyond(text)
        );
    }
}

#[test]
fn unix_seconds_and_milliseconds_round_trip() {
    for t in [
        Timestamp::MIN,
        Timestamp::MAX,
        ts("1970-01-01"),
        ts("1969-12-31T23:59:59Z"),
        ts("2026-11-25T09:30:00Z"),
    ] {
        let (seconds, millis) = (t.as_unix_seconds(), t.as_unix_millis());
        assert_eq!(millis, seconds * 1000);
        assert_eq!(Timestamp::from_unix_millis(millis), Ok(t));
        assert_eq!(Timestamp::parse_unix_seconds(&seconds.to_string()), Ok(t));
        assert_eq!(Timestamp::parse_unix_millis(&millis.to_string()), Ok(t));
    }
    assert_eq!(ts("2026-11-25T09:30:00Z").as_unix_millis(), 1_795_599_000_000);
    assert_eq!(
        Timestamp::from_unix_millis(MIN * 1000 - 1),
        Err(TimestampError::OutOfRange { seconds: MIN - 1 })
    );
    assert_eq!(
        Timestamp::from_unix_millis((MAX + 1) * 1000),
        Err(TimestampError::OutOfRange { seconds: MAX + 1 })
    );
    assert_eq!(
        Timestamp::from_unix_millis(i64::MIN),
        Err(TimestampError::OutOfRange {
            seconds: i64::MIN.div_euclid(1000)
        })
    );
}

// ---------------------------------------------------------------------------------------
// SystemTime

#[test]
fn system_time_converts_both_ways_truncating_like_text() {
    let epoch = SystemTime::UNIX_EPOCH;
    let t = ts("2026-11-25T09:30:00Z");
    assert_eq!(SystemTime::from(t), epoch + Duration::from_secs(1_795_599_000));
    assert_eq!(Timestamp::try_from(SystemTime::from(t)), Ok(t));
    for (time, expected) in [
        (epoch, "1970-01-01T00:00:00Z"),
        (epoch + Duration::from_nanos(999_999_999), "1970-01-01T00:00:00Z"),
        (epoch + Duration::from_secs(1), "1970-01-01T00:00:01Z"),
        (epoch - Duration::from_nanos(1), "1969-12-31T23:59:59Z"),
        (epoch - Duration::from_secs(1), "1969-12-31T23:59:59Z"),
        (epoch - Duration::from_millis(1_001), "1969-12-31T23:59:58Z"),
        (epoch - Duration::from_secs(2), "1969-12-31T23:59:58Z"),
    ] {
        assert_eq!(
            Timestamp::try_from(time).map(|t| t.to_string()),
            Ok(expected.to_string())
        );
    }
    for t in [Timestamp::MIN, Timestamp::MAX, ts("1969-12-31T23:59:59Z")] {
        assert_eq!(Timestamp::try_from(SystemTime::from(t)), Ok(t));
    }
    assert_eq!(
        SystemTime::from(Timestamp::MIN),
        epoch - Duration::from_secs(MIN.unsigned_abs())
    );
    assert_eq!(
        Timestamp::try_from(epoch + Duration::from_secs(MAX as u64 + 1)),
        Err(TimestampError::OutOfRange { seconds: MAX + 1 })
    );
    assert_eq!(
        Timestamp::try_from(epoch - Duration::from_secs(MIN.unsigned_abs()) - Duration::from_nanos(1)),
        Err(TimestampError::OutOfRange { seconds: MIN - 1 })
    );
}

// ---------------------------------------------------------------------------------------
// serde: the same grammar, the canonical form out

#[cfg(feature = "serde")]
#[test]
fn serde_reads_every_form_and_writes_the_canonical_one() {
    let t: Timestamp = serde_json::from_str("\"2026-11-25T04:00:00.000-0530\"").unwrap();
    assert_eq!(serde_json::to_string(&t).unwrap(), "\"2026-11-25T09:30:00Z\"");
    let close: Timestamp = serde_json::from_str("\"2026-12-31\"").unwrap();
    assert_eq!(close, ts("2026-12-31T00:00:00Z"));
    assert_eq!(
        serde_json::from_str::<Timestamp>("\"0001-01-01T00:30:00+01:00\"")
            .unwrap_err()
            .to_string(),
        "timestamp \"0001-01-01T00:30:00+01:00\" is outside years 1 to 9999 in UTC at line 1 column 27"
    );
    assert_eq!(
        serde_json::from_str::<Timestamp>("1795599000")
            .unwrap_err()
            .to_string(),
        "invalid type: integer `1795599000`, expected an RFC 3339 timestamp such as \"2026-11-25T09:30:00Z\", \
         or a date at line 1 column 10"
    );
}

// ---------------------------------------------------------------------------------------
// jiff and chrono (features)

#[cfg(feature = "jiff")]
#[test]
fn jiff_timestamps_convert_both_ways_within_both_ranges() {
    let t = ts("2026-11-25T09:30:00Z");
    let j = jiff::Timestamp::try_from(t).unwrap();
    assert_eq!(j.to_string(), "2026-11-25T09:30:00Z");
    assert_eq!(Timestamp::try_from(j), Ok(t));
    assert_eq!(
        jiff::Timestamp::try_from(Timestamp::MIN).unwrap().to_string(),
        "0001-01-01T00:00:00Z"
    );

    // jiff gives a fraction the sign of the instant; ours truncates to the earlier second.
    for (seconds, nanos, expected) in [
        (0, 0, 0),
        (0, 999_999_999, 0),
        (0, -1, -1),
        (-1, 0, -1),
        (-1, -999_999_999, -2),
        (1, 1, 1),
    ] {
        let j = jiff::Timestamp::new(seconds, nanos).unwrap();
        assert_eq!(
            Timestamp::try_from(j).map(Timestamp::as_unix_seconds),
            Ok(expected),
            "{j}"
        );
    }

    // jiff ends on 9999-12-30T22:00:00Z and begins in year -9999.
    let last = jiff::Timestamp::MAX.as_second();
    assert_eq!(
        jiff::Timestamp::try_from(Timestamp::from_unix_seconds(last).unwrap()).map(|j| j.as_second()),
        Ok(last)
    );
    let past = Timestamp::from_unix_seconds(last + 1).unwrap();
    assert_eq!(
        jiff::Timestamp::try_from(past).unwrap_err().to_string(),
        "timestamp 9999-12-30T22:00:01Z is outside the range of jiff::Timestamp"
    );
    assert_eq!(
        jiff::Timestamp::try_from(Timestamp::MAX),
        Err(TimestampError::Unrepresentable {
            timestamp: Timestamp::MAX,
            target: "jiff::Timestamp"
        })
    );
    assert_eq!(
        Timestamp::try_from(jiff::Timestamp::MIN),
        Err(TimestampError::OutOfRange {
            seconds: jiff::Timestamp::MIN.as_second()
        })
    );
    let before_year_1 = jiff::Timestamp::new(MIN, -1).unwrap();
    assert_eq!(
        Timestamp::try_from(before_year_1),
        Err(TimestampError::OutOfRange { seconds: MIN - 1 })
    );
}

#[cfg(feature = "chrono")]
#[test]
fn chrono_times_convert_both_ways() {
    use chrono::{DateTime, FixedOffset, Utc};

    let t = ts("2026-11-25T09:30:00Z");
    let c = DateTime::<Utc>::from(t);
    assert_eq!((c.timestamp(), c.timestamp_subsec_nanos()), (1_795_599_000, 0));
    assert_eq!(Timestamp::try_from(c), Ok(t));
    for t in [Timestamp::MIN, Timestamp::MAX] {
        assert_eq!(Timestamp::try_from(DateTime::<Utc>::from(t)), Ok(t));
    }
    let paris = DateTime::<FixedOffset>::parse_from_rfc3339("2026-11-25T10:30:00.999+01:00").unwrap();
    assert_eq!(Timestamp::try_from(paris), Ok(t));
    let before = DateTime::<Utc>::from_timestamp(-1, 500_000_000).unwrap(); // -0.5 s
    assert_eq!(
        Timestamp::try_from(before).map(Timestamp::as_unix_seconds),
        Ok(-1)
    );
    assert_eq!(
        Timestamp::try_from(DateTime::<Utc>::MAX_UTC),
        Err(TimestampError::OutOfRange {
            seconds: DateTime::<Utc>::MAX_UTC.timestamp()
        })
    );
    assert_eq!(
        Timestamp::try_from(DateTime::<Utc>::from_timestamp(MIN - 1, 999_999_999).unwrap()),
        Err(TimestampError::OutOfRange { seconds: MIN - 1 })
    );
}

// ---------------------------------------------------------------------------------------
// The differential test against jiff

/// Where our grammar and jiff's legitimately differ. Each is mapped, or kept out of the
/// comparison, by [`expected`]; `the_listed_differences_from_jiff_hold` pins every one.
///
/// We accept and jiff refuses:
/// - a date alone (`2026-12-31`), the form close dates come in: we read it as the start of
///   the day in UTC, so it is compared with jiff's reading of `2026-12-31T00:00:00Z`;
/// - the last 26 hours of year 9999: `jiff::Timestamp` ends at `9999-12-30T22:00:00Z` (so
///   that every instant has a civil time at every offset), so those are compared with
///   jiff's civil date-time arithmetic instead.
///
/// jiff accepts and we refuse, so text of these forms must be refused whatever jiff says
/// (it lies outside [`shape`]):
/// - a time without seconds (`T09:30Z`) or with hours alone (`T09Z`), the ISO 8601 basic
///   form (`20261125T093000Z`), a comma as the decimal point, six-digit signed years
///   (`+002026`), an offset of hours alone (`+01`) or with seconds (`+01:00:30`), and
///   bracketed annotations (`Z[UTC]`, `+01:00[Europe/Paris]`): none is RFC 3339 and none
///   is among the forms the issue asked for, so accepting them would only widen what a
///   stored record may hold;
/// - offset hours of 24 and 25: RFC 3339 stops at `23:59`.
///
/// Both accept, and we refuse as out of range: instants before year 1 in UTC, which jiff
/// holds (back to year -9999) and we do not.
///
/// Sub-second digits: jiff keeps them, with the sign of the instant (`as_second()` rounds
/// toward zero); we truncate toward the earlier second, so a negative fraction takes one
/// second off jiff's `as_second()`.
#[derive(Debug, PartialEq)]
enum Verdict {
    Accept(i64),
    Invalid,
    OutOfRange,
}

/// Our grammar's shape, without its ranges: `dddd-dd-dd`, then `T`, `t` or a space and
/// `dd:dd:dd`, an optional `.` and 1 to 9 digits, and `Z`, `z`, or `+`/`-`, two digits, an
/// optional `:` and two digits. Returns where the offset starts, its hours and its signed
/// seconds. Written independently of the parser, as a template match.
fn shape(text: &str) -> Option<(usize, i64, i64)> {
    let b = text.as_bytes();
    let fits = |at: usize, template: &[u8]| {
        b.len() >= at + template.len()
            && template.iter().zip(&b[at..]).all(|(&t, &c)| match t {
                b'd' => c.is_ascii_digit(),
                b'?' => matches!(c, b'T' | b't' | b' '),
                _ => t == c,
            })
    };
    if !fits(0, b"dddd-dd-dd?dd:dd:dd") {
        return None;
    }
    let mut at = 19;
    if b.get(at) == Some(&b'.') {
        let digits = b[at + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=9).contains(&digits) {
            return None;
        }
        at += 1 + digits;
    }
    let two = |i: usize| i64::from(b[i] - b'0') * 10 + i64::from(b[i + 1] - b'0');
    let rest = &b[at..];
    if rest == b"Z" || rest == b"z" {
        return Some((at, 0, 0));
    }
    let sign = match rest.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (hours, minutes) = if fits(at + 1, b"dd:dd") && rest.len() == 6 {
        (two(at + 1), two(at + 4))
    } else if fits(at + 1, b"dddd") && rest.len() == 5 {
        (two(at + 1), two(at + 3))
    } else {
        return None;
    };
    // An offset's minutes run to 59, as jiff reads them; said here too, because past the
    // end of jiff's range the oracle reads the local time alone (`beyond_jiff`).
    if minutes > 59 {
        return None;
    }
    Some((at, hours, sign * (hours * 3600 + minutes * 60)))
}

fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// What jiff makes of `text`, mapped through the differences listed on [`Verdict`].
fn expected(text: &str) -> Verdict {
    if is_date(text) {
        return from_jiff(&format!("{text}T00:00:00Z"), 19, 0);
    }
    match shape(text) {
        None => Verdict::Invalid,
        Some((_, hours, _)) if hours > 23 => Verdict::Invalid,
        Some((at, _, offset)) => from_jiff(text, at, offset),
    }
}

fn from_jiff(text: &str, offset_at: usize, offset: i64) -> Verdict {
    let seconds = match text.parse::<jiff::Timestamp>() {
        Ok(t) => t.as_second() - i64::from(t.subsec_nanosecond() < 0),
        Err(_) => match beyond_jiff(&text[..offset_at], offset) {
            Some(seconds) => seconds,
            None => return Verdict::Invalid,
        },
    };
    if (MIN..=MAX).contains(&seconds) {
        Verdict::Accept(seconds)
    } else {
        Verdict::OutOfRange
    }
}

/// The instant of `local` at `offset`, by jiff's civil arithmetic, when it lies past the
/// end of `jiff::Timestamp`; `None` when jiff's civil parser refuses it or it does not.
fn beyond_jiff(local: &str, offset: i64) -> Option<i64> {
    let civil: jiff::civil::DateTime = local.parse().ok()?;
    let epoch = jiff::civil::date(1970, 1, 1).at(0, 0, 0, 0);
    // After the epoch, whole seconds toward zero are the earlier second.
    let seconds = civil.duration_since(epoch).as_secs() - offset;
    (seconds > jiff::Timestamp::MAX.as_second()).then_some(seconds)
}

/// An edit to a valid timestamp's text.
#[derive(Clone, Debug)]
enum Edit {
    Digit(Index, u8),
    Replace(Index, char),
    Insert(Index, char),
    Delete(Index),
    Truncate(Index),
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for edit in edits {
        let len = chars.len();
        match *edit {
            Edit::Digit(ref i, d) => {
                let digits: Vec<usize> = (0..len).filter(|&k| chars[k].is_ascii_digit()).collect();
                if !digits.is_empty() {
                    chars[digits[i.index(digits.len())]] = char::from(b'0' + d);
                }
            }
            Edit::Replace(ref i, c) if len > 0 => chars[i.index(len)] = c,
            Edit::Insert(ref i, c) => chars.insert(i.index(len + 1), c),
            Edit::Delete(ref i) if len > 0 => {
                chars.remove(i.index(len));
            }
            Edit::Truncate(ref i) => chars.truncate(i.index(len + 1)),
            _ => {}
        }
    }
    chars.into_iter().collect()
}

fn separator() -> impl Strategy<Value = char> {
    select(vec![
        '-', ':', 'T', 't', ' ', '.', ',', '+', 'Z', 'z', '0', '9', '/', 'é', '\u{663}', '\u{0}',
    ])
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<Index>(), 0..=9_u8).prop_map(|(i, d)| Edit::Digit(i, d)),
        2 => (any::<Index>(), separator()).prop_map(|(i, c)| Edit::Replace(i, c)),
        1 => (any::<Index>(), separator()).prop_map(|(i, c)| Edit::Insert(i, c)),
        1 => any::<Index>().prop_map(Edit::Delete),
        1 => any::<Index>().prop_map(Edit::Truncate),
    ]
}

/// Text of our grammar's shape, with fields drawn wide (day 31 in every month, hour 24,
/// second 60, offsets to 25:59) and a weight on the ends of the range.
fn rfc3339() -> impl Strategy<Value = String> {
    let year = prop_oneof![0..=9999_i64, select(vec![0_i64, 1, 1969, 1970, 2000, 9999])];
    let month = prop_oneof![1..=12_i64, select(vec![1_i64, 2, 12])];
    let day = prop_oneof![1..=31_i64, select(vec![1_i64, 28, 29, 30, 31])];
    let hour = prop_oneof![0..=24_i64, select(vec![0_i64, 23])];
    let minute = prop_oneof![0..=60_i64, select(vec![0_i64, 59])];
    let second = prop_oneof![0..=60_i64, select(vec![0_i64, 59, 60])];
    let separator = select(vec!["T", "t", " "]);
    let fraction = prop_oneof![Just(String::new()), "\\.[0-9]{1,11}"];
    let offset = prop_oneof![
        select(vec!["Z".to_string(), "z".into(), "-00:00".into(), "+0000".into()]),
        (
            select(vec!["+", "-"]),
            0..=25_i64,
            prop_oneof![0..=60_i64, select(vec![0_i64, 30, 59])],
            any::<bool>()
        )
            .prop_map(|(sign, h, m, colon)| format!("{sign}{h:02}{}{m:02}", if colon { ":" } else { "" })),
    ];
    (
        (year, month, day),
        (hour, minute, second),
        separator,
        fraction,
        offset,
    )
        .prop_map(|((y, mo, d), (h, mi, s), sep, fraction, offset)| {
            format!("{y:04}-{mo:02}-{d:02}{sep}{h:02}:{mi:02}:{s:02}{fraction}{offset}")
        })
}

fn date() -> impl Strategy<Value = String> {
    (0..=9999_i64, 0..=13_i64, 0..=32_i64).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (rfc3339(), vec(edit(), 0..=3)).prop_map(|(t, e)| apply(&t, &e)),
        2 => (date(), vec(edit(), 0..=2)).prop_map(|(t, e)| apply(&t, &e)),
        1 => any::<String>(),
        1 => "[0-9T:.+Z -]{0,32}",
    ]
}

/// The oracle refuses an offset minute of 60 past jiff's range as it does inside it: the
/// case a property run once found, where the oracle, not the parser, was wrong.
#[test]
fn the_oracle_refuses_a_sixtieth_offset_minute_everywhere() {
    assert_eq!(expected("9999-12-31T00:00:00-00:60"), Verdict::Invalid);
    assert_eq!(expected("2026-11-25T09:30:00-00:60"), Verdict::Invalid);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    /// Our parser and jiff's agree on accepting, on the instant, and on refusing, up to
    /// the differences listed on [`Verdict`].
    #[test]
    fn parse_agrees_with_jiff(text in text()) {
        let ours = text.parse::<Timestamp>();
        match (&ours, expected(&text)) {
            (Ok(t), Verdict::Accept(seconds)) => prop_assert_eq!(t.as_unix_seconds(), seconds),
            (Err(TimestampError::Invalid { text: quoted, len }), Verdict::Invalid)
            | (Err(TimestampError::TextOutOfRange { text: quoted, len }), Verdict::OutOfRange) => {
                // The error keeps the start of the text, at most 64 bytes, and its length.
                prop_assert!(text.starts_with(quoted.as_str()) && quoted.len() <= 64);
                prop_assert_eq!(*len, text.len());
            }
            (ours, jiff) => prop_assert!(false, "{text:?}: ours {ours:?}, jiff {jiff:?}"),
        }
        // Whatever was read writes in the canonical form, which reads back the same.
        if let Ok(t) = ours {
            prop_assert_eq!(t.to_string().parse::<Timestamp>(), Ok(t));
        }
    }

    /// Every whole second of the range formats and parses back, and jiff reads our
    /// canonical form as the same instant wherever it holds it.
    #[test]
    fn display_round_trips_and_jiff_reads_it(seconds in MIN..=MAX) {
        let t = Timestamp::from_unix_seconds(seconds).unwrap();
        let text = t.to_string();
        prop_assert_eq!(text.parse::<Timestamp>(), Ok(t));
        if seconds <= jiff::Timestamp::MAX.as_second() {
            prop_assert_eq!(text.parse::<jiff::Timestamp>().map(|j| j.as_second()).ok(), Some(seconds));
        }
    }

    /// Unix text reads as the number it is, in both units.
    #[test]
    fn unix_text_reads_as_its_number(n in any::<i64>()) {
        let text = n.to_string();
        let seconds = Timestamp::parse_unix_seconds(&text);
        prop_assert_eq!(seconds.clone().ok(), Timestamp::from_unix_seconds(n).ok());
        if seconds.is_err() {
            prop_assert_eq!(seconds, Err(TimestampError::TextOutOfRange { text: text.clone(), len: text.len() }));
        }
        let millis = Timestamp::parse_unix_millis(&text);
        prop_assert_eq!(millis.clone().ok(), Timestamp::from_unix_millis(n).ok());
        if millis.is_err() {
            prop_assert_eq!(millis, Err(TimestampError::TextOutOfRange { len: text.len(), text }));
        }
    }

    /// No bytes make any parser panic.
    #[test]
    fn no_text_panics(bytes in vec(any::<u8>(), 0..40)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = text.parse::<Timestamp>();
        let _ = Timestamp::parse_unix_seconds(&text);
        let _ = Timestamp::parse_unix_millis(&text);
    }
}

#[test]
fn the_listed_differences_from_jiff_hold() {
    // jiff accepts, we refuse.
    for text in [
        "2026-11-25T09:30Z",
        "2026-11-25T09Z",
        "20261125T093000Z",
        "2026-11-25T09:30:00,5Z",
        "+002026-11-25T09:30:00Z",
        "2026-11-25T09:30:00+01",
        "2026-11-25T09:30:00+01:00:30",
        "2026-11-25T09:30:00Z[UTC]",
        "2026-11-25T10:30:00+01:00[Europe/Paris]",
        "2026-11-25T09:30:00+24:00",
        "2026-11-25T09:30:00-25:59",
    ] {
        assert!(text.parse::<jiff::Timestamp>().is_ok(), "jiff accepts {text}");
        assert_eq!(refusal(text), invalid(text));
        assert_eq!(expected(text), Verdict::Invalid);
    }
    // We accept, jiff refuses.
    for (text, utc) in [
        ("2026-12-31", "2026-12-31T00:00:00Z"),
        ("9999-12-30T22:00:01Z", "9999-12-30T22:00:01Z"),
        ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"),
        ("9999-12-31T23:59:59+00:00", "9999-12-31T23:59:59Z"),
    ] {
        assert!(text.parse::<jiff::Timestamp>().is_err(), "jiff refuses {text}");
        assert_eq!(ts(text).to_string(), utc);
        assert_eq!(expected(text), Verdict::Accept(ts(text).as_unix_seconds()));
    }
    // Both read it; it is before year 1 in UTC.
    for text in ["0001-01-01T00:30:00+01:00", "0000-06-01T00:00:00Z"] {
        assert!(text.parse::<jiff::Timestamp>().is_ok(), "jiff accepts {text}");
        assert_eq!(refusal(text), beyond(text));
        assert_eq!(expected(text), Verdict::OutOfRange);
    }
    // Both read it; the fraction before the epoch truncates differently.
    let j: jiff::Timestamp = "1969-12-31T23:59:59.5Z".parse().unwrap();
    assert_eq!((j.as_second(), j.subsec_nanosecond()), (0, -500_000_000));
    assert_eq!(ts("1969-12-31T23:59:59.5Z").as_unix_seconds(), -1);
    // Both read a leap second as the 59th.
    let j: jiff::Timestamp = "2016-12-31T23:59:60Z".parse().unwrap();
    assert_eq!(j.as_second(), ts("2016-12-31T23:59:60Z").as_unix_seconds());
}
