//! Strategies for values: instants in a window, money in a currency, actors, reasons.

use proptest::prelude::*;
use proptest::sample::select;
use rust_decimal::Decimal;

use crate::values::{Actor, Currency, Money, Reason, Timestamp};

/// One day, in seconds.
pub(crate) const DAY: i64 = 86_400;

/// `base` moved by `seconds`, kept inside the calendar.
pub(crate) fn shifted(base: Timestamp, seconds: i64) -> Timestamp {
    let s = base
        .as_unix_seconds()
        .saturating_add(seconds)
        .clamp(Timestamp::MIN.as_unix_seconds(), Timestamp::MAX.as_unix_seconds());
    Timestamp::from_unix_seconds(s).unwrap_or(base)
}

/// Instants from `from` to `to`, both included, to the second; shrinks toward `from`.
/// A window given backwards is read forwards.
pub fn timestamps(from: Timestamp, to: Timestamp) -> BoxedStrategy<Timestamp> {
    let (lo, hi) = (from.min(to), from.max(to));
    (0..=hi.seconds_since(lo))
        .prop_map(move |s| shifted(lo, s))
        .boxed()
}

/// The currencies the kit's money is in: `EUR`, `USD`, `GBP`, `JPY`, `CHF`; shrinks
/// toward `EUR`.
pub fn currencies() -> BoxedStrategy<Currency> {
    select(&["EUR", "USD", "GBP", "JPY", "CHF"][..])
        .prop_filter_map("a currency code", |code| Currency::new(code).ok())
        .boxed()
}

/// Amounts above zero in `currency`, from 0.01 to 100,000,000 with up to two places;
/// shrinks toward 1.
pub fn money(currency: Currency) -> BoxedStrategy<Money> {
    prop_oneof![
        (1_i64..=1_000_000).prop_map(Decimal::from),
        (1_i64..=10_000_000_000).prop_map(|cents| Decimal::new(cents, 2)),
    ]
    .prop_filter_map("a positive amount", move |amount| {
        Money::new(amount, currency).ok()
    })
    .boxed()
}

/// People who act on records: `rep@acme.example`, `sdr-1` to `sdr-3`, `ae-1` to `ae-3`;
/// shrinks toward the first.
pub fn actors() -> BoxedStrategy<Actor> {
    select(
        &[
            "rep@acme.example",
            "sdr-1",
            "sdr-2",
            "sdr-3",
            "ae-1",
            "ae-2",
            "ae-3",
        ][..],
    )
    .prop_map(Actor::new)
    .boxed()
}

/// Reasons a rep gives for losing, disqualifying or handing off a record.
pub fn reasons() -> BoxedStrategy<Reason> {
    select(
        &[
            "no budget this year",
            "chose a competitor",
            "territory change",
            "went quiet after the demo",
            "not a decision maker",
        ][..],
    )
    .prop_filter_map("a reason", |text| Reason::new(text).ok())
    .boxed()
}

/// Reporting periods inside the window the record strategies capture leads in (2020 to
/// 2030): from a day to five years long; shrinks toward the window's start and a day.
pub fn periods() -> BoxedStrategy<crate::pipeline::Period> {
    let (from, to) = super::record::window();
    (timestamps(from, to), 1_i64..=5 * 365)
        .prop_filter_map("a period inside the window", |(start, days)| {
            crate::pipeline::Period::new(start, shifted(start, days * DAY)).ok()
        })
        .boxed()
}
