//! The pipeline reports, each with exact figures: the worked funnel, an empty pipeline, one
//! record, mixed currencies, overflow, unassigned owners, bins below the minimum sample,
//! and merging.

mod util;

use qualify::pipeline::{
    Calibration, CloseRates, Decision, Durations, Forecast, Funnel, Period, PipelineError, Rate, Reports,
    Review, Scope, Step, TriageSla, Velocity, Verdict,
};
use qualify::testkit::sample::Walk;
use qualify::{
    Access, Actor, Contact, Currency, Decimal, ForecastCategory, Hollow, Lead, Money, Policy, Record,
    RecordId, Signal, SignalKind, Source, Stage, Tier, Timestamp, Total, Unmet,
};
use util::*;

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

#[track_caller]
fn total(text: &str) -> Total {
    text.parse().unwrap()
}

fn november() -> Period {
    Period::new(ts("2026-11-01T00:00:00Z"), ts("2026-12-01T00:00:00Z")).unwrap()
}

/// The scope every test reports under unless it says otherwise: the default policy,
/// November, judged at the start of December.
fn scope(policy: &Policy) -> Scope<'_> {
    Scope::new(policy, november(), ts("2026-12-01T00:00:00Z"))
}

/// The owner every walk starts with.
fn rep1() -> Actor {
    Actor::new("rep-1")
}

fn rid(i: usize) -> RecordId {
    id(&format!("rec-{i:04}"))
}

/// A walk captured on 2 November at 09:00.
fn walk(i: usize, stage: Stage) -> Walk {
    Walk::new(rid(i), ts("2026-11-02T09:00:00Z"), stage)
}

fn usd(amount: u32) -> Money {
    Money::new(amount.into(), Currency::new("USD").unwrap()).unwrap()
}

fn run(walks: impl IntoIterator<Item = Walk>) -> Vec<Record> {
    let policy = Policy::default();
    walks.into_iter().map(|w| w.run(&policy)).collect()
}

#[test]
fn the_worked_funnel_comes_out_exactly() {
    // 1,000 leads; 100 asked about the offer (MQL); 20 of those became opportunities; 5 won.
    let walks = (0..1_000).map(|i| {
        let stage = match i {
            0..5 => Stage::Won,
            5..15 => Stage::Lost,
            15..20 => Stage::Opportunity,
            _ => Stage::Lead,
        };
        let mut w = walk(i, stage);
        if i < 100 {
            w.tier = Some(Tier::Mql);
        }
        w
    });
    let records = run(walks);
    let policy = Policy::default();
    let funnel = Funnel::from_records(&scope(&policy), &records);

    let counts: Vec<u64> = Step::ALL.iter().map(|s| funnel.count(*s)).collect();
    assert_eq!(counts, [1_000, 100, 100, 20, 20, 20, 5]);
    assert_eq!(funnel.conversion(Step::Lead, Step::Mql), Rate::new(100, 1_000));
    assert_eq!(
        funnel.conversion(Step::Mql, Step::Opportunity),
        Rate::new(20, 100)
    );
    assert_eq!(funnel.conversion(Step::Opportunity, Step::Won), Rate::new(5, 20));
    assert_eq!(
        funnel.conversion(Step::Lead, Step::Mql).rounded(2),
        Some(dec("0.10"))
    );
    assert_eq!(
        funnel.conversion(Step::Mql, Step::Opportunity).rounded(2),
        Some(dec("0.20"))
    );
    assert_eq!(
        funnel.conversion(Step::Opportunity, Step::Won).rounded(2),
        Some(dec("0.25"))
    );
    // Every MQL jumped there without an IQL event; every prospect was qualified at MQL,
    // without an SQL event.
    let skipped: Vec<u64> = Step::ALL.iter().map(|s| funnel.skipped(*s)).collect();
    assert_eq!(skipped, [0, 0, 100, 0, 20, 0, 0]);

    let rates = CloseRates::from_records(&scope(&policy), &records);
    assert_eq!(rates.overall.cohort_close_rate(), Rate::new(5, 20));
    assert_eq!(rates.overall.win_rate(), Rate::new(5, 15));
    insta::assert_snapshot!("worked_funnel", funnel.to_string());
}

#[test]
fn the_funnel_counts_recorded_tiers_not_todays_score() {
    // An SQL recorded on 2 November still counts a month later, when its score has decayed.
    let mut w = walk(0, Stage::Lead);
    w.tier = Some(Tier::Sql);
    let records = run([w]);
    let policy = Policy::default();
    let late = Scope::new(&policy, november(), ts("2027-06-01T00:00:00Z"));
    let funnel = Funnel::from_records(&late, &records);
    assert_eq!(funnel.count(Step::Sql), 1);
    assert_eq!(funnel.count(Step::Prospect), 0);
    assert_eq!(funnel.skipped(Step::Sql), 1);
    // A record captured outside the period is not in the cohort.
    let mut outside = walk(1, Stage::Lead);
    outside.captured_at = ts("2026-12-01T00:00:00Z");
    let funnel = Funnel::from_records(&scope(&policy), &run([outside]));
    assert_eq!(funnel.count(Step::Lead), 0);
}

#[test]
fn an_empty_pipeline_gives_empty_reports() {
    let policy = Policy::default();
    let scope = scope(&policy);
    let reports = Reports::from_records(&scope, &[]).unwrap();
    assert_eq!(reports, Reports::new(&scope));
    assert_eq!(reports.funnel.count(Step::Lead), 0);
    assert_eq!(reports.funnel.conversion(Step::Lead, Step::Iql).rounded(2), None);
    assert_eq!(reports.close_rates.overall.win_rate().rounded(2), None);
    assert_eq!(reports.close_rates.overall.expected_deals(), None);
    assert!(reports.forecast.currencies.is_empty());
    assert_eq!(reports.calibration.brier(""), None);
    assert_eq!(reports.triage.decided.median(), None);
    assert_eq!(reports.review.reviewed, 0);
    insta::assert_snapshot!("empty_reports", reports.to_string());
}

#[test]
fn one_won_deal_shows_in_every_report() {
    let records = run([walk(0, Stage::Won)]);
    let won = &records[0];
    assert_eq!(won.stage(), Stage::Won);
    assert_eq!(won.probability().unwrap().value(), dec("0.95"));
    let policy = Policy::default();
    let reports = Reports::from_records(&scope(&policy), &records).unwrap();

    assert_eq!(reports.funnel.count(Step::Won), 1);
    let o = reports.close_rates.overall;
    assert_eq!((o.opened, o.opened_won, o.won, o.lost), (1, 1, 1, 0));
    let rep = reports.close_rates.owners.get(&Some(rep1())).unwrap();
    assert_eq!(rep.win_rate(), Rate::new(1, 1));

    let eur = reports
        .forecast
        .currencies
        .get(&Currency::new("EUR").unwrap())
        .unwrap();
    assert_eq!((eur.won.deals, eur.won.amount), (1, total("10000")));
    assert_eq!(eur.open.deals, 0);
    assert!(reports.forecast.weighted().iter().all(|(_, w)| w.is_zero()));

    let bins = reports
        .calibration
        .versions
        .get(&policy.version().to_owned())
        .unwrap();
    assert_eq!(
        (bins[9].deals, bins[9].won, bins[9].estimates),
        (1, 1, total("0.95"))
    );
    assert_eq!(reports.calibration.brier(policy.version()), Some(dec("0.0025")));

    // Decided an hour after capture.
    assert_eq!(reports.triage.decided.seconds(), [HOUR]);
    assert_eq!(reports.triage.within_window(), Rate::new(1, 1));
    // Nothing open: no velocity yet in the open count, so zero per day.
    let eur_code = Currency::new("EUR").unwrap();
    assert_eq!(reports.velocity.overall.velocity(eur_code), Some(Decimal::ZERO));
    assert_eq!(reports.ageing.rotting, []);
    assert_eq!(reports.review.reviewed, 0);
}

#[test]
fn the_forecast_keeps_currencies_apart() {
    let mut a = walk(0, Stage::Opportunity);
    a.amount = eur("10000");
    let mut b = walk(1, Stage::Opportunity);
    b.amount = usd(20_000);
    let mut c = walk(2, Stage::Opportunity);
    c.amount = eur("30000");
    let records = run([a, b, c]);
    let policy = Policy::default();
    let forecast = Forecast::from_records(&scope(&policy), &records).unwrap();
    let weighted: Vec<String> = forecast
        .weighted()
        .iter()
        .map(|(c, w)| format!("{w} {c}"))
        .collect();
    assert_eq!(weighted, ["38000.00 EUR", "19000.00 USD"]);
    let eur_row = forecast.currencies.get(&Currency::new("EUR").unwrap()).unwrap();
    assert_eq!((eur_row.open.deals, eur_row.open.amount), (2, total("40000")));
    // Decided by 60 days after 2 November: after the period.
    assert_eq!(eur_row.by_decision[Decision::After as usize].deals, 2);
    assert_eq!(eur_row.by_decision[Decision::Inside as usize].deals, 0);
}

#[test]
fn a_forecast_past_what_a_decimal_holds_stays_exact() {
    let huge = Money::new(Decimal::MAX, Currency::new("JPY").unwrap()).unwrap();
    let walks = (0..2).map(|i| {
        let mut w = walk(i, Stage::Opportunity);
        w.amount = huge;
        w
    });
    let records = run(walks);
    let policy = Policy::default();
    let forecast = Forecast::from_records(&scope(&policy), &records).unwrap();
    let jpy = forecast.currencies.get(&Currency::new("JPY").unwrap()).unwrap();
    // Twice 2^96 - 1, which no decimal holds, and 0.95 of it.
    assert_eq!(jpy.open.amount, total("158456325028528675187087900670"));
    assert_eq!(jpy.open.weighted, total("150533508777102241427733505636.50"));
    assert!(Reports::from_records(&scope(&policy), &records).is_ok());
    // Only figures no records produce pass what a total holds; the error names the report
    // and the currency.
    let err = PipelineError::Overflow {
        report: "forecast",
        currency: Some(Currency::new("JPY").unwrap()),
    };
    assert_eq!(err.to_string(), "the forecast overflows in JPY");
}

#[test]
fn a_persons_call_counts_and_the_suggestion_is_shown_beside_it() {
    // Decided inside November, an approved budget, the decision maker: commit is suggested.
    let mut sure = walk(0, Stage::Opportunity);
    sure.decide_in_days = 20;
    // The same deal through a champion estimates lower: best case is suggested, but the
    // owner calls commit.
    let mut called = walk(1, Stage::Opportunity);
    called.decide_in_days = 20;
    called.access = Access::Champion;
    called.call = Some(ForecastCategory::Commit);
    let records = run([sure, called]);
    assert_eq!(records[1].probability().unwrap().value(), dec("0.85"));
    let policy = Policy::default();
    let scope = scope(&policy);
    let bands = policy.spec().pipeline.forecast;
    assert_eq!(
        Forecast::suggest(&bands, november(), &records[0]),
        Some(ForecastCategory::Commit)
    );
    assert_eq!(
        Forecast::suggest(&bands, november(), &records[1]),
        Some(ForecastCategory::BestCase)
    );

    let forecast = Forecast::from_records(&scope, &records).unwrap();
    let eur_row = forecast.currencies.get(&Currency::new("EUR").unwrap()).unwrap();
    assert_eq!(eur_row.by_category[ForecastCategory::Commit as usize].deals, 2);
    assert_eq!(eur_row.by_category[ForecastCategory::BestCase as usize].deals, 0);
    assert_eq!(eur_row.by_decision[Decision::Inside as usize].deals, 2);
    assert_eq!(forecast.disagreements.len(), 1);
    let d = &forecast.disagreements[0];
    assert_eq!(
        (&d.id, d.called, d.suggested),
        (&rid(1), ForecastCategory::Commit, ForecastCategory::BestCase)
    );
    // The record keeps the person's call.
    let Record::Opportunity(o) = &records[1] else {
        panic!("an opportunity")
    };
    assert_eq!(o.forecast_call(), Some(ForecastCategory::Commit));
}

#[test]
fn outcomes_belong_to_the_owner_at_the_close_and_unassigned_is_a_row() {
    let mut handed = walk(0, Stage::Won);
    handed.closer = Some(Actor::new("closer-1"));
    let mut unowned = walk(1, Stage::Lost);
    unowned.owner = None;
    let open = walk(2, Stage::Opportunity);
    let records = run([handed, unowned, open]);
    let policy = Policy::default();
    let rates = CloseRates::from_records(&scope(&policy), &records);
    let owners: Vec<(Option<&str>, u64, u64, u64)> = rates
        .owners
        .iter()
        .map(|(o, r)| (o.as_ref().map(Actor::as_str), r.opened, r.won, r.lost))
        .collect();
    assert_eq!(
        owners,
        [
            (None, 1, 0, 1),
            (Some("closer-1"), 1, 1, 0),
            (Some("rep-1"), 1, 0, 0)
        ]
    );
    insta::assert_snapshot!("owners", rates.to_string());
}

#[test]
fn volume_at_a_lower_rate_ranks_below_fewer_deals_closed_more_often() {
    // Owner a: 30 opportunities, 10 decided at 40 %. Owner b: 80, 10 decided at 10 %.
    let mut walks = Vec::new();
    for (owner, opened, won, lost, base) in [("a", 30, 4, 6, 0), ("b", 80, 1, 9, 100)] {
        for i in 0..opened {
            let stage = if i < won {
                Stage::Won
            } else if i < won + lost {
                Stage::Lost
            } else {
                Stage::Opportunity
            };
            let mut w = walk(base + i, stage);
            w.owner = Some(Actor::new(owner));
            walks.push(w);
        }
    }
    let policy = Policy::default();
    let rates = CloseRates::from_records(&scope(&policy), &run(walks));
    let ranked: Vec<(&str, Option<Decimal>)> = rates
        .ranked()
        .into_iter()
        .map(|(o, r)| (o.as_ref().unwrap().as_str(), r.expected_deals()))
        .collect();
    assert_eq!(ranked, [("a", Some(dec("12"))), ("b", Some(dec("8")))]);
}

#[test]
fn calibration_suggests_only_past_the_minimum_sample() {
    let walks = (0..5).map(|i| walk(i, if i < 3 { Stage::Won } else { Stage::Lost }));
    let records = run(walks);
    let policy = Policy::default();
    let few = Calibration::from_records(&scope(&policy).with_min_sample(6), &records).unwrap();
    assert_eq!(few.suggestions(), []);
    // (3 × 0.05² + 2 × 0.95²) ÷ 5 = (0.0075 + 1.805) ÷ 5
    assert_eq!(few.brier(policy.version()), Some(dec("0.3625")));

    let enough = Calibration::from_records(&scope(&policy).with_min_sample(5), &records).unwrap();
    let suggestions = enough.suggestions();
    assert_eq!(suggestions.len(), 1);
    assert_eq!(suggestions[0].verdict, Verdict::Lower);
    assert_eq!(
        suggestions[0].to_string(),
        "deals estimated at 0.95 closed at 0.60 (n = 5): lower"
    );
    insta::assert_snapshot!("calibration", enough.to_string());
}

#[test]
fn triage_lists_overdue_leads_and_exact_percentiles() {
    let walks = [HOUR, 2 * HOUR, 30 * HOUR, 50 * HOUR]
        .into_iter()
        .enumerate()
        .map(|(i, after)| {
            let mut w = walk(i, Stage::Prospect);
            w.triage_after = after;
            w
        });
    let mut late = walk(10, Stage::Lead);
    late.captured_at = ts("2026-11-29T18:00:00Z");
    late.owner = None;
    let mut fresh = walk(11, Stage::Lead);
    fresh.captured_at = ts("2026-11-30T22:00:00Z");
    let records = run(walks.chain([late, fresh]));
    let policy = Policy::default();
    let triage = TriageSla::from_records(&scope(&policy), &records);
    assert_eq!(triage.decided.seconds(), [HOUR, 2 * HOUR, 30 * HOUR, 50 * HOUR]);
    assert_eq!(triage.within_window(), Rate::new(2, 4));
    assert_eq!(triage.decided.median(), Some(2 * HOUR));
    assert_eq!(triage.decided.percentile(90), Some(50 * HOUR));
    assert_eq!(triage.overdue.len(), 1);
    assert_eq!(
        (&triage.overdue[0].id, &triage.overdue[0].owner),
        (&rid(10), &None)
    );
    assert_eq!(triage.overdue[0].waiting, 30 * HOUR);
    insta::assert_snapshot!("triage", triage.to_string());
}

#[test]
fn nearest_rank_percentiles() {
    let d = Durations::from_seconds((1..=10).rev().collect());
    assert_eq!(d.median(), Some(5));
    assert_eq!(d.percentile(90), Some(9));
    assert_eq!(d.percentile(91), Some(10));
    assert_eq!(d.percentile(100), Some(10));
    assert_eq!(d.percentile(255), Some(10));
    assert_eq!(Durations::from_seconds(vec![7]).percentile(90), Some(7));
    assert_eq!(Durations::default().median(), None);
    assert_eq!((d.len(), d.is_empty()), (10, false));
    assert_eq!(d.seconds(), (1..=10).collect::<Vec<_>>());
    assert!(Durations::default().is_empty());
}

#[test]
fn ageing_flags_deals_past_their_stages_limit() {
    // Opened 3 November 10:00; at 20 December that is 47 days, past the 45-day limit.
    let rotting = walk(0, Stage::Opportunity);
    let prospect = walk(1, Stage::Prospect);
    let records = run([rotting, prospect]);
    let policy = Policy::default();
    let scope = Scope::new(&policy, november(), ts("2026-12-20T00:00:00Z"));
    let reports = Reports::from_records(&scope, &records).unwrap();
    let ageing = &reports.ageing;
    // The prospect, qualified on 2 November, is past its 30 days too.
    assert_eq!(ageing.rotting.len(), 2);
    let r = &ageing.rotting[0];
    assert_eq!((&r.id, r.stage, r.limit_days), (&rid(0), Stage::Opportunity, 45));
    assert_eq!(
        r.age,
        ts("2026-12-20T00:00:00Z").seconds_since(ts("2026-11-03T10:00:00Z"))
    );
    let prospects = ageing.stage(Stage::Prospect).unwrap();
    assert_eq!((prospects.records, prospects.past_limit), (1, 1));
}

#[test]
fn velocity_is_volume_times_value_times_rate_over_cycle() {
    // Two open EUR deals; one won for 10,000 and one lost, each after a 20-day cycle:
    // 2 × 10,000 × 1/2 ÷ 20 days = 500 a day.
    let records = run([
        walk(0, Stage::Opportunity),
        walk(1, Stage::Opportunity),
        walk(2, Stage::Won),
        walk(3, Stage::Lost),
    ]);
    let policy = Policy::default();
    let velocity = Velocity::from_records(&scope(&policy), &records).unwrap();
    let eur_code = Currency::new("EUR").unwrap();
    assert_eq!(velocity.overall.velocity(eur_code), Some(dec("500")));
    assert_eq!(
        velocity.owners.get(&Some(rep1())).unwrap().velocity(eur_code),
        Some(dec("500"))
    );
    assert_eq!(velocity.overall.cycles, 2);
    assert_eq!(velocity.overall.cycle_seconds, 40 * i128::from(DAY));
    assert_eq!(velocity.overall.velocity(Currency::new("USD").unwrap()), None);
    assert_eq!(velocity.overall.win_rate(), Rate::new(1, 2));
    let shown = velocity.to_string();
    assert!(shown.contains("20.0d"), "{shown}");
    assert!(shown.contains("500.00"), "{shown}");
}

#[test]
fn velocity_counts_only_deals_decided_in_the_period() {
    // A deal won and one lost in October (captured in September, closed 20 days after
    // opening), beside November's: only November's count.
    let october = |i: usize, stage: Stage| Walk::new(rid(i), ts("2026-09-15T09:00:00Z"), stage);
    let mut second = walk(3, Stage::Won);
    second.owner = Some(Actor::new("rep-2"));
    let records = run([
        october(0, Stage::Won),
        october(1, Stage::Lost),
        walk(2, Stage::Won),
        second,
        walk(4, Stage::Opportunity),
    ]);
    let policy = Policy::default();
    let velocity = Velocity::from_records(&scope(&policy), &records).unwrap();
    let o = &velocity.overall;
    assert_eq!((o.won, o.lost, o.cycles), (2, 0, 2));
    // rep-2 has a win and no open deal; an owner with only open deals shows no cycle.
    let mut open_only = walk(5, Stage::Opportunity);
    open_only.owner = Some(Actor::new("rep-3"));
    let records = run([open_only]);
    let velocity = Velocity::from_records(&scope(&policy), &records).unwrap();
    let row = velocity
        .to_string()
        .lines()
        .find(|l| l.starts_with("rep-3"))
        .unwrap()
        .to_owned();
    assert_eq!(
        row.split_whitespace().collect::<Vec<_>>(),
        ["rep-3", "EUR", "1", "0", "-", "0/0", "(-)", "-", "-"]
    );
}

#[test]
fn the_review_names_what_lapsed() {
    // Decided by 12 November: on 1 December the date has passed.
    let mut passed = walk(0, Stage::Opportunity);
    passed.decide_in_days = 10;
    let holding = walk(1, Stage::Opportunity);
    let records = run([passed, holding]);
    let policy = Policy::default();
    let review = Review::from_records(&scope(&policy), &records);
    assert_eq!(review.reviewed, 2);
    assert_eq!(review.findings.len(), 1);
    let finding = &review.findings[0];
    assert_eq!((&finding.id, finding.owner.as_ref()), (&rid(0), Some(&rep1())));
    assert!(
        finding
            .lapsed
            .iter()
            .any(|u| matches!(u, Unmet::Hollow(Hollow::DecisionNotAhead { .. }))),
        "{:?}",
        finding.lapsed
    );
    insta::assert_snapshot!("review", review.to_string());
}

#[test]
fn a_discovery_deal_is_reviewed_on_its_need_and_timeline() {
    let policy = staged_policy();
    let mut w = walk(0, Stage::Discovery);
    w.decide_in_days = 10;
    let record = w.run(&policy);
    assert_eq!(record.stage(), Stage::Discovery);
    let review = Review::from_records(&scope(&policy), [&record]);
    assert_eq!(review.findings.len(), 1);
    assert_eq!(review.findings[0].stage, Stage::Discovery);
}

#[test]
fn reports_merge_with_the_empty_report_as_identity() {
    let policy = Policy::default();
    let scope = scope(&policy);
    let team = [Actor::new("ana"), Actor::new("ben")];
    let records = qualify::testkit::sample::pipeline(&policy, november(), 300, 3, &team);
    let whole = Reports::from_records(&scope, &records).unwrap();
    let (a, b) = records.split_at(117);
    let parts = Reports::from_records(&scope, b)
        .unwrap()
        .merge(Reports::from_records(&scope, a).unwrap())
        .unwrap();
    assert_eq!(parts, whole);
    assert_eq!(Reports::new(&scope).merge(whole.clone()).unwrap(), whole);
    assert_eq!(whole.clone().merge(Reports::new(&scope)).unwrap(), whole);
}

#[test]
fn periods_are_half_open_and_never_empty() {
    let p = november();
    assert!(p.contains(p.from()));
    assert!(!p.contains(p.to()));
    let err = Period::new(p.to(), p.to()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a period must end after it begins: 2026-12-01T00:00:00Z to 2026-12-01T00:00:00Z holds nothing"
    );
    let json = serde_json::json!({"from": "2026-12-01T00:00:00Z", "to": "2026-11-01T00:00:00Z"});
    assert!(serde_json::from_value::<Period>(json).is_err());
    let back: Period = serde_json::from_value(serde_json::to_value(p).unwrap()).unwrap();
    assert_eq!(back, p);
}

#[test]
fn reports_read_back_from_json() {
    let policy = Policy::default();
    let scope = scope(&policy);
    let records = qualify::testkit::sample::pipeline(&policy, november(), 120, 11, &[rep()]);
    let r = Reports::from_records(&scope, &records).unwrap();
    fn again<T: serde::Serialize + serde::de::DeserializeOwned>(value: &T) -> T {
        serde_json::from_value(serde_json::to_value(value).unwrap()).unwrap()
    }
    assert_eq!(again(&r.funnel), r.funnel);
    assert_eq!(again(&r.close_rates), r.close_rates);
    assert_eq!(again(&r.forecast), r.forecast);
    assert_eq!(again(&r.calibration), r.calibration);
    assert_eq!(again(&r.triage), r.triage);
    assert_eq!(again(&r.ageing), r.ageing);
    assert_eq!(again(&r.velocity), r.velocity);
    let review = serde_json::to_value(&r.review).unwrap();
    assert_eq!(review["reviewed"], r.review.reviewed);
}

#[test]
fn a_forecast_call_is_an_event_that_loads_back_and_only_on_an_open_deal() {
    let mut o = opportunity();
    let later = Timestamp::from_unix_seconds(now().as_unix_seconds() + HOUR).unwrap();
    o.call_forecast(ForecastCategory::BestCase, later, &rep())
        .unwrap();
    assert_eq!(o.forecast_call(), Some(ForecastCategory::BestCase));
    let event = o.history().last().unwrap();
    assert_eq!(
        event.to_string(),
        format!("{later} called Best case by rep@acme.example: called Best case")
    );
    let json = to_json(&o);
    assert_eq!(
        json["history"].as_array().unwrap().last().unwrap()["category"],
        "best_case"
    );
    let back: qualify::Opportunity = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(back, o);

    // Calling before the newest event is refused, and the record is unchanged.
    let before = o.clone();
    let err = o
        .call_forecast(ForecastCategory::Commit, now(), &rep())
        .unwrap_err();
    assert_eq!(err.into_input(), ForecastCategory::Commit);
    assert_eq!(o, before);

    // A call recorded on a lead does not load.
    let mut lead = to_json(&new_lead());
    lead["history"] = serde_json::json!([{
        "event": "forecast", "category": "commit", "at": now().to_string(), "by": "rep", "why": "x"
    }]);
    let err = serde_json::from_value::<Record>(lead).unwrap_err().to_string();
    assert!(
        err.contains("history[0] makes a forecast call while the record is lead"),
        "{err}"
    );
}

/// Reporting on a pipeline split in any way and merging the parts, in any order and
/// grouping, equals reporting on the whole.
#[cfg(feature = "proptest")]
mod merging {
    use proptest::prelude::*;
    use qualify::pipeline::{Reports, Scope};
    use qualify::testkit::strategy::{StageMix, periods, pipelines, timestamps};
    use qualify::{Policy, Timestamp};

    fn policy() -> Policy {
        Policy::default()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn splitting_and_merging_changes_nothing(
            records in pipelines(policy(), StageMix::default(), 0..30),
            period in periods(),
            as_of in timestamps(Timestamp::from_unix_seconds(1_577_836_800).unwrap(), Timestamp::from_unix_seconds(1_924_905_600).unwrap()),
            cut in (0.0..=1.0_f64, 0.0..=1.0_f64),
        ) {
            let policy = policy();
            let scope = Scope::new(&policy, period, as_of).with_min_sample(1);
            let n = records.len();
            let (i, j) = ((cut.0 * n as f64) as usize, (cut.1 * n as f64) as usize);
            let (i, j) = (i.min(j).min(n), i.max(j).min(n));
            let report = |part: &[qualify::Record]| Reports::from_records(&scope, part).unwrap();
            let whole = report(&records);
            let (a, b, c) = (report(&records[..i]), report(&records[i..j]), report(&records[j..]));

            let left = a.clone().merge(b.clone()).unwrap().merge(c.clone()).unwrap();
            let right = a.clone().merge(b.clone().merge(c.clone()).unwrap()).unwrap();
            let shuffled = c.merge(a).unwrap().merge(b).unwrap();
            prop_assert_eq!(&left, &whole);
            prop_assert_eq!(&right, &whole);
            prop_assert_eq!(&shuffled, &whole);
            prop_assert_eq!(&Reports::new(&scope).merge(whole.clone()).unwrap(), &whole);
            prop_assert_eq!(&whole.clone().merge(Reports::new(&scope)).unwrap(), &whole);
        }
    }
}

#[test]
fn a_bad_pipeline_section_lists_every_problem_with_its_path() {
    let json = serde_json::json!({
        "triage_hours": 0,
        "stage_days": {"lead": 0, "opportunity": 40_000},
        "forecast": {"pipeline": "0.5", "best_case": "0.4", "commit": "1.5"}
    });
    let pipeline: qualify::PipelineSpec = serde_json::from_value(json).unwrap();
    let err = Policy::new(qualify::PolicySpec::default().with_pipeline(pipeline)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid policy: \
         pipeline.triage_hours: must be at least 1 hour; \
         pipeline.stage_days.lead: must be at least 1 day; \
         pipeline.stage_days.opportunity: must be at most 36500 days; \
         pipeline.forecast.commit: must be between 0 and 1; \
         pipeline.forecast.best_case: must not be below pipeline (0.5)"
    );
    // Left out, each part takes its default.
    let spec: qualify::PipelineSpec = serde_json::from_value(serde_json::json!({"triage_hours": 4})).unwrap();
    assert_eq!(spec.stage_days, qualify::StageDays::default());
    assert_eq!(spec.forecast, qualify::ForecastBands::default());
}

#[test]
fn forecast_categories_read_and_write_their_names() {
    let names: Vec<&str> = ForecastCategory::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(names, ["omitted", "pipeline", "best_case", "commit"]);
    for c in ForecastCategory::ALL {
        assert_eq!(c.to_string(), c.as_str());
        assert_eq!(c.as_str().parse::<ForecastCategory>().unwrap(), c);
        assert_eq!(c.label().parse::<ForecastCategory>().unwrap(), c);
        assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
    }
    assert_eq!(
        "closed".parse::<ForecastCategory>().unwrap_err().to_string(),
        "unknown forecast category \"closed\": expected one of omitted, pipeline, best_case, commit"
    );
}

#[test]
fn a_call_lasts_while_the_deal_stays_open_and_not_past_a_reopening() {
    // Called in discovery, the call carries into the confirmed opportunity.
    let policy = staged_policy();
    let mut w = walk(0, Stage::Opportunity);
    w.via_discovery = true;
    w.call = Some(ForecastCategory::Commit);
    let record = w.run(&policy);
    let Record::Opportunity(o) = record else {
        panic!("an opportunity: {record:?}")
    };
    assert_eq!(o.history().transitions().last().unwrap().from, Stage::Discovery);
    assert_eq!(o.forecast_call(), Some(ForecastCategory::Commit));

    // Demoted and promoted again, the deal starts without a call.
    let at = o.history().last().unwrap().at;
    let later = |days: i64| Timestamp::from_unix_seconds(at.as_unix_seconds() + days * DAY).unwrap();
    let prospect = o.demote(reason("budget frozen"), later(1), &rep()).unwrap();
    let again = prospect.promote(&policy, later(2), &rep()).unwrap();
    assert_eq!(again.forecast_call(), None);
    assert_eq!(again.history().forecast_call(), None);
}

#[test]
fn a_bins_mean_estimate_shows_the_same_in_the_table_and_the_suggestion() {
    // Three deals estimated at 2.18 in all: a mean of 0.7266…, which shows as 0.73 both in
    // the table and in the suggestion, rounded half away from zero from the exact mean.
    let empty = serde_json::json!({"deals": 0, "won": 0, "estimates": "0", "squared_error": "0"});
    let mut bins = vec![empty.clone(); 10];
    bins[7] = serde_json::json!({"deals": 3, "won": 2, "estimates": "2.18", "squared_error": "0.9"});
    let json = serde_json::json!({
        "period": {"from": "2026-11-01T00:00:00Z", "to": "2026-12-01T00:00:00Z"},
        "min_sample": 1,
        "versions": [["v0", vec![empty; 10]], ["v1", bins]],
    });
    let calibration: Calibration = serde_json::from_value(json).unwrap();
    let shown = calibration.to_string();
    assert!(shown.contains("  0.7-0.8          3           0.73 "), "{shown}");
    assert!(
        shown.contains("  policy v1: deals estimated at 0.73 closed at 0.67 (n = 3): lower"),
        "{shown}"
    );
    assert_eq!(calibration.suggestions()[0].estimated, dec("0.73"));
    let bin = &calibration.versions.get(&"v1".to_owned()).unwrap()[7];
    assert_eq!(bin.mean_estimate(), Some(dec("0.7266666666666666666666666667")));
    assert_eq!(
        calibration.versions.get(&"v1".to_owned()).unwrap()[0].mean_estimate(),
        None
    );
    assert_eq!(calibration.brier("v1"), Some(dec("0.3")));
    // A version with no closed deal has no Brier score, and its table says none.
    assert_eq!(calibration.brier("v0"), None);
    assert!(shown.contains("\npolicy v0\n"), "{shown}");
    assert!(shown.contains("policy v1: Brier score 0.3000"), "{shown}");
}

#[test]
fn a_decision_date_is_placed_against_the_period_to_the_second() {
    // Each deal is decided 30 days after its capture.
    let policy = Policy::default();
    let scope = scope(&policy);
    for (captured, want) in [
        ("2026-10-02T00:00:00Z", Decision::Inside), // the period's first instant
        ("2026-10-01T23:59:59Z", Decision::Before), // a second before it
        ("2026-10-31T23:59:59Z", Decision::Inside), // its last second
        ("2026-11-01T00:00:00Z", Decision::After),  // its end, which it does not hold
    ] {
        let mut walk = Walk::new(rid(0), ts(captured), Stage::Opportunity);
        walk.decide_in_days = 30;
        let records = run([walk]);
        let forecast = Forecast::from_records(&scope, &records).unwrap();
        let eur = forecast.currencies.iter().next().unwrap().1;
        assert_eq!(
            eur.by_decision[want as usize].deals, 1,
            "captured {captured}: {want:?}"
        );
    }
    assert_eq!(
        Decision::ALL.map(Decision::label),
        [
            "decision date passed",
            "decision in period",
            "decision after period"
        ]
    );
}

#[test]
fn commit_takes_every_condition_and_a_discovery_deal_is_suggested_too() {
    let policy = staged_policy();
    let mut bands = policy.spec().pipeline.forecast;
    // Commit from 0.5, so that a champion's lower estimate still reaches it.
    bands.commit = dec("0.5");
    let suggest = |w: Walk| Forecast::suggest(&bands, november(), &w.run(&policy));
    let inside = |stage: Stage| {
        let mut w = walk(0, stage);
        w.decide_in_days = 20;
        w
    };
    assert_eq!(
        suggest(inside(Stage::Opportunity)),
        Some(ForecastCategory::Commit)
    );
    // Each condition alone is missing: no commit.
    let mut champion = inside(Stage::Opportunity);
    champion.access = Access::Champion;
    assert_eq!(suggest(champion), Some(ForecastCategory::BestCase));
    let mut later = inside(Stage::Opportunity);
    later.decide_in_days = 60;
    assert_eq!(suggest(later), Some(ForecastCategory::BestCase));
    // A discovery deal is an open deal too: the walk records every condition on it.
    assert_eq!(suggest(inside(Stage::Discovery)), Some(ForecastCategory::Commit));
    // Below the commit band: no commit however complete the evidence.
    bands.commit = dec("0.99");
    let suggest = |w: Walk| Forecast::suggest(&bands, november(), &w.run(&policy));
    assert_eq!(
        suggest(inside(Stage::Opportunity)),
        Some(ForecastCategory::BestCase)
    );
    assert_eq!(suggest(walk(0, Stage::Lead)), None);
    // Below best case, the pipeline band decides between pipeline and omitted (0.95 here).
    bands.best_case = dec("0.99");
    bands.pipeline = dec("0.95");
    let suggest = |w: Walk| Forecast::suggest(&bands, november(), &w.run(&policy));
    assert_eq!(
        suggest(inside(Stage::Opportunity)),
        Some(ForecastCategory::Pipeline)
    );
    bands.pipeline = dec("0.96");
    let suggest = |w: Walk| Forecast::suggest(&bands, november(), &w.run(&policy));
    assert_eq!(
        suggest(inside(Stage::Opportunity)),
        Some(ForecastCategory::Omitted)
    );
}

#[test]
fn an_approved_budget_of_unknown_amount_can_commit_but_prices_nothing() {
    let policy = Policy::default();
    let bands = policy.spec().pipeline.forecast;
    let deal = |budget: qualify::Budget| {
        let mut evidence = full_checklist();
        evidence.budget = Some(budget);
        evidence.timeline.as_mut().unwrap().decide_by = ts("2026-11-28T00:00:00Z");
        Record::from(prospect_with(evidence).promote(&policy, now(), &rep()).unwrap())
    };
    let eur_code = Currency::new("EUR").unwrap();
    let unknown = deal(qualify::Budget::approved_amount_unknown(eur_code, said(now())));
    let known = deal(qualify::Budget::approved(eur("60000"), said(now())));
    let sought = deal(qualify::Budget::sought(None, said(now())));
    // The budget is approved: with the decision maker and a date in the period, commit.
    assert_eq!(
        Forecast::suggest(&bands, november(), &unknown),
        Some(ForecastCategory::Commit)
    );
    assert_eq!(
        Forecast::suggest(&bands, november(), &known),
        Some(ForecastCategory::Commit)
    );
    assert_ne!(
        Forecast::suggest(&bands, november(), &sought),
        Some(ForecastCategory::Commit)
    );
    // It has no amount: counted as unpriced, in no currency's sums.
    let forecast = Forecast::from_records(&scope(&policy), [&unknown, &known]).unwrap();
    assert_eq!(forecast.unpriced, 1);
    assert_eq!(forecast.weighted(), [(eur_code, total("57000.00"))]);
}

#[test]
fn a_deal_at_its_stages_limit_is_not_yet_rotting() {
    // Opened 3 November 10:00 (the walk's default); the opportunity limit is 45 days.
    let records = run([walk(0, Stage::Opportunity)]);
    let opened = ts("2026-11-03T10:00:00Z");
    let policy = Policy::default();
    for (after, rotting) in [(45 * DAY - 1, 0), (45 * DAY, 0), (45 * DAY + 1, 1)] {
        let as_of = Timestamp::from_unix_seconds(opened.as_unix_seconds() + after).unwrap();
        let scope = Scope::new(&policy, november(), as_of);
        let ageing = Reports::from_records(&scope, &records).unwrap().ageing;
        let row = ageing.stage(Stage::Opportunity).unwrap();
        assert_eq!((row.records, row.oldest), (1, after), "{after} s after opening");
        assert_eq!(row.past_limit, rotting, "{after} s after opening");
        assert_eq!(ageing.rotting.len() as u64, rotting, "{after} s after opening");
    }
}

#[test]
fn a_recycled_lead_is_triaged_by_its_first_decision() {
    // Captured 20 November 10:00, disqualified two hours later, recycled, then qualified
    // six days after its capture: triage took two hours.
    let policy = Policy::default();
    let by = rep();
    let mut lead = new_lead()
        .disqualify(reason("no budget this year"), ts("2026-11-20T12:00:00Z"), &by)
        .unwrap()
        .recycle(reason("new budget year"), ts("2026-11-25T09:00:00Z"), &by)
        .unwrap();
    lead.record_fit(fit(good_profile()));
    let prospect = lead.qualify(&policy, ts("2026-11-26T10:00:00Z"), &by).unwrap();
    let records = [Record::from(prospect)];
    let triage = TriageSla::from_records(&scope(&policy), &records);
    assert_eq!(triage.decided.seconds(), [2 * HOUR]);
    assert_eq!(triage.within_window(), Rate::new(1, 1));
}

#[test]
fn a_lead_at_the_end_of_its_triage_window_is_not_yet_overdue() {
    // Captured 2 November 09:00; the window is 24 hours.
    let records = run([walk(0, Stage::Lead)]);
    let captured = ts("2026-11-02T09:00:00Z");
    let policy = Policy::default();
    for (after, overdue) in [(DAY - 1, 0), (DAY, 0), (DAY + 1, 1)] {
        let as_of = Timestamp::from_unix_seconds(captured.as_unix_seconds() + after).unwrap();
        let triage = TriageSla::from_records(&Scope::new(&policy, november(), as_of), &records);
        assert_eq!(triage.overdue.len(), overdue, "{after} s after capture");
    }
}

#[test]
fn a_funnel_of_acts_counts_those_who_asked_about_the_offer_as_mqls() {
    // 1,000 leads captured in November: 100 asked for pricing, 600 downloaded content,
    // 300 did nothing. Each records its tier the day after its act; under the act rule the
    // 600 readers are IQLs, however many points they made, and only the 100 are MQLs.
    let policy = Policy::default();
    let captured = ts("2026-11-02T09:00:00Z");
    let acted = ts("2026-11-03T09:00:00Z");
    let recorded = ts("2026-11-04T09:00:00Z");
    let records: Vec<Record> = (0..1_000)
        .map(|i| {
            let mut lead = Lead::builder(
                rid(i),
                Contact::new("Lead", "lead@example.com"),
                Source::Form,
                captured,
            )
            .build();
            let acts: &[SignalKind] = match i {
                0..100 => &[SignalKind::PricingRequest],
                100..700 => &[
                    SignalKind::ContentDownload,
                    SignalKind::ContentDownload,
                    SignalKind::NewsletterSignup,
                ],
                _ => &[],
            };
            for kind in acts {
                lead.record_signal(Signal::new(kind.clone(), acted)).unwrap();
            }
            lead.record_tier(&policy, recorded, &rep1()).unwrap();
            Record::from(lead)
        })
        .collect();
    let funnel = Funnel::from_records(&scope(&policy), &records);
    assert_eq!(funnel.count(Step::Lead), 1_000);
    assert_eq!(funnel.count(Step::Iql), 700);
    assert_eq!(funnel.count(Step::Mql), 100);
    assert_eq!(funnel.count(Step::Sql), 0);
}
