//! Figures are exact in any order: sums and products past what a decimal holds, every
//! permutation and every split-and-merge of the records giving the identical report.

mod util;

use proptest::prelude::*;
use qualify::crm::{Audit, Crm, presets};
use qualify::pipeline::{Forecast, Period, Reports, Scope};
use qualify::testkit::sample::Walk;
use qualify::testkit::weighted_pipeline;
use qualify::{Access, Actor, Currency, Decimal, Money, Policy, Record, Stage, Total};
use util::*;

fn november() -> Period {
    Period::new(ts("2026-11-01T00:00:00Z"), ts("2026-12-01T00:00:00Z")).unwrap()
}

#[track_caller]
fn total(text: &str) -> Total {
    text.parse().unwrap()
}

fn money(amount: Decimal, code: &str) -> Money {
    Money::new(amount, Currency::new(code).unwrap()).unwrap()
}

/// An open opportunity (estimated at 0.95 under the default policy) for `amount`.
fn deal(i: usize, amount: Money) -> Walk {
    let mut walk = Walk::new(
        id(&format!("rec-{i:04}")),
        ts("2026-11-02T09:00:00Z"),
        Stage::Opportunity,
    );
    walk.amount = amount;
    walk
}

#[test]
fn a_sum_is_the_same_in_every_order() {
    let policy = Policy::default();
    let scope = Scope::new(&policy, november(), ts("2026-12-01T00:00:00Z"));
    let amounts = ["9999999999999999999999999999", "0.4", "0.4"];
    let records: Vec<Record> = amounts
        .iter()
        .enumerate()
        .map(|(i, a)| deal(i, money(dec(a), "EUR")).run(&policy))
        .collect();
    let mut seen = Vec::new();
    for order in [[0, 1, 2], [1, 2, 0], [2, 0, 1], [1, 0, 2]] {
        let ordered: Vec<&Record> = order.iter().map(|&i| &records[i]).collect();
        let forecast = Forecast::from_records(&scope, ordered.iter().copied()).unwrap();
        seen.push(forecast.currencies.iter().next().unwrap().1.open);
    }
    assert!(seen.windows(2).all(|w| w[0] == w[1]), "{seen:?}");
    assert_eq!(seen[0].amount, total("9999999999999999999999999999.8"));
    // Merged from a shard of one and a shard of two, in either order.
    let one = Forecast::from_records(&scope, &records[..1]).unwrap();
    let two = Forecast::from_records(&scope, &records[1..]).unwrap();
    let whole = Forecast::from_records(&scope, &records).unwrap();
    assert_eq!(one.clone().merge(two.clone()).unwrap(), whole);
    assert_eq!(two.merge(one).unwrap(), whole);
}

#[test]
fn products_and_sums_past_a_decimal_are_exact_and_the_kit_refuses_to_round_them() {
    let policy = Policy::default();
    let scope = Scope::new(&policy, november(), ts("2026-12-01T00:00:00Z"));
    // 2^96 - 1 tenths: the largest amount a decimal holds at one place.
    let big = money(Decimal::from_i128_with_scale((1 << 96) - 1, 1), "AUD");
    let records: Vec<Record> = (0..2).map(|i| deal(i, big).run(&policy)).collect();
    assert_eq!(records[0].probability().unwrap().value(), dec("0.95"));

    let forecast = Forecast::from_records(&scope, &records).unwrap();
    let aud = forecast.currencies.iter().next().unwrap().1;
    assert_eq!(aud.open.amount, total("15845632502852867518708790067.0"));
    // 7922816251426433759354395033.5 × 0.95 = 7526675438855112071386675281.825 each: a
    // decimal would round it to …281.8.
    assert_eq!(aud.open.weighted, total("15053350877710224142773350563.650"));
    assert_eq!(aud.open.weighted.to_decimal(), None);
    assert!(forecast.to_string().contains(
        "AUD: weighted pipeline 15053350877710224142773350563.65 over 2 open deals \
         (15845632502852867518708790067.00 unweighted)"
    ));
    // The kit's weighted pipeline is money, which holds a decimal: an error, not a rounding.
    for part in [&records[..1], &records[..]] {
        let err = weighted_pipeline(part).unwrap_err();
        assert_eq!(err.to_string(), "the weighted pipeline in AUD overflows");
    }
}

/// Amounts from one cent to the largest a decimal holds, at every scale, with the extremes
/// often.
fn amounts() -> impl Strategy<Value = Decimal> {
    let mantissa = prop_oneof![
        1 => Just((1_i128 << 96) - 1),
        1 => (1_i128 << 90)..(1_i128 << 96),
        2 => 1_i128..1_000_000_000,
    ];
    (mantissa, 0_u32..=28).prop_map(|(m, scale)| Decimal::from_i128_with_scale(m, scale))
}

fn walks() -> impl Strategy<Value = Vec<Walk>> {
    let stage = prop_oneof![
        Just(Stage::Opportunity),
        Just(Stage::Discovery),
        Just(Stage::Won),
        Just(Stage::Lost),
        Just(Stage::Prospect),
    ];
    let one = (
        amounts(),
        stage,
        prop::bool::ANY,
        0_usize..3,
        0_usize..2,
        1_i64..(400 * 86_400),
    );
    prop::collection::vec(one, 0..12).prop_map(|walks| {
        walks
            .into_iter()
            .enumerate()
            .map(|(i, (amount, stage, champion, owner, currency, close_after))| {
                let mut walk = Walk::new(id(&format!("rec-{i:04}")), ts("2026-11-02T09:00:00Z"), stage);
                walk.amount = money(amount, ["AUD", "EUR"][currency]);
                walk.owner = [Some(Actor::new("rep-1")), Some(Actor::new("rep-2")), None][owner].clone();
                walk.access = if champion {
                    Access::Champion
                } else {
                    Access::DecisionMaker
                };
                walk.close_after = close_after;
                walk
            })
            .collect()
    })
}

fn reports(scope: &Scope<'_>, records: &[Record]) -> Result<Reports, String> {
    Reports::from_records(scope, records).map_err(|e| e.to_string())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_order_and_every_split_gives_the_identical_report(
        (walks, order) in walks().prop_flat_map(|w| {
            let n = w.len();
            (Just(w), Just((0..n).collect::<Vec<_>>()).prop_shuffle())
        }),
        cut in 0_usize..13,
    ) {
        let policy = Policy::default();
        let scope = Scope::new(&policy, november(), ts("2027-06-01T00:00:00Z"));
        let records: Vec<Record> = walks.into_iter().map(|w| w.run(&policy)).collect();
        let whole = reports(&scope, &records);
        let shuffled: Vec<Record> = order.iter().map(|&i| records[i].clone()).collect();
        prop_assert_eq!(&reports(&scope, &shuffled), &whole);
        let cut = cut.min(shuffled.len());
        let (a, b) = shuffled.split_at(cut);
        let merged = reports(&scope, a).and_then(|a| {
            let b = reports(&scope, b)?;
            a.merge(b).map_err(|e| e.to_string())
        });
        prop_assert_eq!(&merged, &whole);
        let whole = whole.map_err(TestCaseError::fail)?;
        // Every figure shows, whatever its size.
        prop_assert!(!whole.to_string().is_empty());
        // The kit's weighted pipeline is exact or an error, in any order.
        prop_assert_eq!(weighted_pipeline(&shuffled), weighted_pipeline(&records));
        if let Ok(sums) = weighted_pipeline(&records) {
            for money in sums {
                let (c, exact) = whole.forecast.weighted().into_iter().find(|(c, _)| *c == money.currency()).unwrap();
                prop_assert_eq!(c, money.currency());
                prop_assert_eq!(exact.to_decimal(), Some(money.amount()));
            }
        }
    }

    #[test]
    fn the_audit_is_the_same_in_every_order_and_split(
        (rows, order) in prop::collection::vec(
            qualify::testkit::strategy::crm_rows(&presets::salesforce_opportunities(), ts("2026-11-25T09:00:00Z")),
            0..10,
        )
        .prop_flat_map(|rows| {
            let n = rows.len();
            (Just(rows), Just((0..n).collect::<Vec<_>>()).prop_shuffle())
        }),
        cut in 0_usize..11,
    ) {
        let (mapping, policy) = (presets::salesforce_opportunities(), Policy::default());
        let crm = Crm::new(&mapping, &policy, ts("2026-11-25T09:00:00Z"), "audit");
        let results: Vec<_> = rows.iter().cloned().map(|row| crm.import(row)).collect();
        let whole = Audit::of(&results).unwrap();
        let shuffled: Vec<_> = order.iter().map(|&i| results[i].clone()).collect();
        prop_assert_eq!(&Audit::of(&shuffled).unwrap(), &whole);
        let (a, b) = shuffled.split_at(cut.min(shuffled.len()));
        prop_assert_eq!(&Audit::of(a).unwrap().merge(Audit::of(b).unwrap()).unwrap(), &whole);
        prop_assert!(!whole.to_string().is_empty());
    }
}

/// `mantissa × 10^-scale` written out, as an oracle in plain integers.
fn written(mantissa: u128, scale: u32) -> String {
    let digits = format!("{mantissa:0>width$}", width = scale as usize + 1);
    let (whole, places) = digits.split_at(digits.len() - scale as usize);
    if scale == 0 {
        whole.to_owned()
    } else {
        format!("{whole}.{places}")
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_total_agrees_with_integer_arithmetic(
        terms in prop::collection::vec((0_u64..(1 << 60), 0_u32..=12), 1..20),
        factor in (0_u64..(1 << 40), 0_u32..=12),
        places in 0_usize..14,
    ) {
        // At the finest scale of the terms every term is a whole number of units.
        let scale = terms.iter().map(|t| t.1).max().unwrap_or(0);
        let units: u128 = terms.iter().map(|&(m, s)| u128::from(m) * 10_u128.pow(scale - s)).sum();
        let mut total = Total::ZERO;
        for &(m, s) in terms.iter().rev() {
            total = total.checked_add(Total::new(Decimal::new(m as i64, s)).unwrap()).unwrap();
        }
        prop_assert_eq!(total.to_string(), written(units, scale));
        // Rounded half away from zero at `places`.
        let shown = if places >= scale as usize {
            format!("{}{}", written(units, scale), if scale == 0 && places > 0 { "." } else { "" })
                + &"0".repeat(places - scale as usize)
        } else {
            let drop = 10_u128.pow(scale - places as u32);
            let rounded = units / drop + u128::from(units % drop * 2 >= drop);
            written(rounded, places as u32)
        };
        prop_assert_eq!(format!("{total:.places$}"), shown);
        // A product of two decimals at the sum of their scales.
        let (m, s) = terms[0];
        let product = Total::product(Decimal::new(m as i64, s), Decimal::new(factor.0 as i64, factor.1)).unwrap();
        prop_assert_eq!(product.to_string(), written(u128::from(m) * u128::from(factor.0), s + factor.1));
        // A decimal holds it whenever it fits, with the same value.
        let trimmed = |text: String| {
            if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_owned() } else { text }
        };
        if let Some(d) = total.to_decimal() {
            prop_assert_eq!(trimmed(d.to_string()), trimmed(written(units, scale)));
            // Trailing zeros go only where the decimal needs the room.
            prop_assert!(d.scale() == scale || units >= 1 << 96);
        } else {
            prop_assert!(units >= 1 << 96);
        }
    }
}
