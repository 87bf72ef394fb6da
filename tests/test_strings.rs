//! Strings in and out: every public enum reads back, with `FromStr`, the wire name its
//! `as_str` gives, the label its `Display` writes, and the name serde writes; unknown names
//! are refused with a pinned message; custom names round-trip as written.
#![cfg(feature = "serde")]

use core::fmt::{Debug, Display};
use core::str::FromStr;

use proptest::prelude::*;
use qualify::{
    Access, Actor, Currency, Decimal, EvidenceKind, Field, MAX_REASON_LEN, Method, Money, NameError, Reason,
    Require, Seniority, SignalKind, Source, Stage, ValueError,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;

/// What every value named by `wire` must satisfy: its wire name, its `Display` label, both
/// in other cases, with other separators and surrounded by whitespace, read back as it;
/// serde writes the wire name and reads it back.
#[track_caller]
fn names_round_trip<T>(values: &[T], wire: impl Fn(&T) -> String)
where
    T: FromStr<Err = NameError> + Display + Serialize + DeserializeOwned + PartialEq + Debug,
{
    for value in values {
        let name = &wire(value);
        let label = value.to_string();
        for text in [
            name.to_owned(),
            label.clone(),
            name.to_ascii_uppercase(),
            label.to_ascii_uppercase(),
            format!(" \t{}\n ", name.replace('_', "-")),
            label.replace(' ', "_"),
        ] {
            assert_eq!(text.parse::<T>().as_ref(), Ok(value), "{text:?}");
        }
        assert_eq!(serde_json::to_value(value).unwrap(), json!(name), "{value:?}");
        assert_eq!(&serde_json::from_value::<T>(json!(name)).unwrap(), value);
    }
}

/// The message and the listed names of the error for `text`.
#[track_caller]
fn refusal<T: FromStr<Err = NameError> + Debug>(text: &str) -> (String, Vec<&'static str>) {
    let err = text.parse::<T>().unwrap_err();
    let expected = match &err {
        NameError::Unknown { expected, .. } => expected.to_vec(),
        other => panic!("{text:?} is refused as {other:?}"),
    };
    (err.to_string(), expected)
}

#[test]
fn seniority_reads_its_names_and_labels() {
    assert_eq!(
        Seniority::ALL,
        [
            Seniority::Student,
            Seniority::Individual,
            Seniority::Manager,
            Seniority::Director,
            Seniority::VicePresident,
            Seniority::CLevel,
            Seniority::Owner
        ]
    );
    names_round_trip(&Seniority::ALL, |s| s.as_str().to_owned());
    let labels = Seniority::ALL.map(|s| s.to_string());
    assert_eq!(
        labels,
        [
            "student",
            "individual",
            "manager",
            "director",
            "vice president",
            "c-level",
            "owner"
        ]
    );
    assert_eq!("C Level".parse(), Ok(Seniority::CLevel));
    let (message, expected) = refusal::<Seniority>("ceo");
    assert_eq!(
        message,
        "unknown seniority \"ceo\": expected one of student, individual, manager, director, \
         vice_president, c_level, owner"
    );
    assert_eq!(expected, Seniority::ALL.map(Seniority::as_str));
}

#[test]
fn stage_reads_its_names_and_pipeline_labels() {
    names_round_trip(&Stage::ALL, |s| s.as_str().to_owned());
    assert_eq!(
        Stage::ALL.map(|s| s.to_string()),
        Stage::ALL.map(|s| s.as_str().to_owned())
    );
    for stage in Stage::ALL {
        for text in [stage.label().to_owned(), stage.label().to_ascii_lowercase()] {
            assert_eq!(text.parse(), Ok(stage), "{text:?}");
        }
    }
    assert_eq!("stage-2:-confirmed".parse(), Ok(Stage::Opportunity));
    assert_eq!("closed: lost".parse(), Ok(Stage::Lost));
    let (message, expected) = refusal::<Stage>("Closed Won");
    assert_eq!(
        message,
        "unknown stage \"Closed Won\": expected one of lead, prospect, discovery, opportunity, \
         disqualified, won, lost"
    );
    assert_eq!(expected, Stage::ALL.map(Stage::as_str));
}

#[test]
fn method_reads_its_names() {
    let every = [
        Method::Call,
        Method::Meeting,
        Method::Email,
        Method::Form,
        Method::Enrichment,
        Method::Import,
        Method::Other,
    ];
    assert_eq!(Method::ALL, every);
    names_round_trip(&Method::ALL, |m| m.as_str().to_owned());
    assert_eq!(
        Method::ALL.map(|m| m.to_string()),
        Method::ALL.map(|m| m.as_str().to_owned())
    );
    let (message, expected) = refusal::<Method>("phone call");
    assert_eq!(
        message,
        "unknown method \"phone call\": expected one of call, meeting, email, form, enrichment, import, \
         other"
    );
    assert_eq!(expected, Method::ALL.map(Method::as_str));
}

#[test]
fn access_reads_its_names_and_labels() {
    assert_eq!(Access::ALL, [Access::DecisionMaker, Access::Champion]);
    names_round_trip(&Access::ALL, |a| a.as_str().to_owned());
    assert_eq!(Access::ALL.map(|a| a.to_string()), ["decision maker", "champion"]);
    let (message, expected) = refusal::<Access>("decisionmaker");
    assert_eq!(
        message,
        "unknown access \"decisionmaker\": expected one of decision_maker, champion"
    );
    assert_eq!(expected, Access::ALL.map(Access::as_str));
}

#[test]
fn evidence_kind_reads_its_names() {
    let every = [
        EvidenceKind::Fit,
        EvidenceKind::Need,
        EvidenceKind::Budget,
        EvidenceKind::Authority,
        EvidenceKind::Timeline,
    ];
    assert_eq!(EvidenceKind::ALL, every);
    names_round_trip(&EvidenceKind::ALL, |k| k.as_str().to_owned());
    let (message, expected) = refusal::<EvidenceKind>("");
    assert_eq!(
        message,
        "unknown evidence kind \"\": expected one of fit, need, budget, authority, timeline"
    );
    assert_eq!(expected, EvidenceKind::ALL.map(EvidenceKind::as_str));
}

#[test]
fn require_reads_its_names() {
    assert_eq!(Require::ALL, [Require::All, Require::Any]);
    names_round_trip(&Require::ALL, |r| r.as_str().to_owned());
    let (message, expected) = refusal::<Require>("both");
    assert_eq!(message, "unknown pass rule \"both\": expected one of all, any");
    assert_eq!(expected, Require::ALL.map(Require::as_str));
}

#[test]
fn source_reads_known_names_and_keeps_any_other() {
    let every = [
        Source::Form,
        Source::Event,
        Source::Import,
        Source::Referral,
        Source::Ad,
        Source::Networking,
        Source::OutreachReply,
    ];
    assert_eq!(Source::KNOWN, every);
    names_round_trip(&Source::KNOWN, |s| s.as_str().to_owned());
    assert_eq!(Source::OutreachReply.as_str(), "outreach_reply");
    assert_eq!(Source::OutreachReply.to_string(), "outreach reply");
    assert_eq!("outreach-reply".parse(), Ok(Source::OutreachReply));

    let partner = Source::Other("webinar partner".into());
    assert_eq!(partner.as_str(), "webinar partner");
    assert_eq!(partner.to_string(), "webinar partner");
    assert_eq!("webinar partner".parse(), Ok(partner.clone()));
    assert_eq!("  webinar partner\n".parse(), Ok(partner.clone()));
    assert_eq!(
        serde_json::to_value(&partner).unwrap(),
        json!({ "other": "webinar partner" })
    );
    // Kept as written: case, inner spaces and all.
    assert_eq!(
        "Webinar  Partner".parse(),
        Ok(Source::Other("Webinar  Partner".into()))
    );
    // A custom name that reads as a known one is the known source.
    assert_eq!(
        Source::Other("Referral".into()).as_str().parse(),
        Ok(Source::Referral)
    );

    for blank in ["", "   ", "\t\n"] {
        let err = blank.parse::<Source>().unwrap_err();
        assert_eq!(err, NameError::Blank { kind: "source" });
        assert_eq!(err.to_string(), "source name is blank");
    }
}

#[test]
fn signal_kind_reads_known_names_and_keeps_any_other() {
    assert_eq!(SignalKind::KNOWN.len(), 10);
    names_round_trip(&SignalKind::KNOWN, |k| k.as_str().to_owned());
    for kind in &SignalKind::KNOWN {
        assert_eq!(kind.to_string(), kind.as_str());
    }
    assert_eq!("Demo Request".parse(), Ok(SignalKind::DemoRequest));

    let roi = SignalKind::Custom("roi_calculator".into());
    assert_eq!(roi.as_str(), "roi_calculator");
    assert_eq!(roi.to_string().parse(), Ok(roi.clone()));
    assert_eq!(roi.as_str().parse(), Ok(roi.clone()));
    assert_eq!(
        serde_json::to_value(&roi).unwrap(),
        json!({ "custom": "roi_calculator" })
    );
    assert_eq!(
        SignalKind::Custom("Trial Started".into()).as_str().parse(),
        Ok(SignalKind::TrialStarted)
    );

    let err = " ".parse::<SignalKind>().unwrap_err();
    assert_eq!(err, NameError::Blank { kind: "signal kind" });
    assert_eq!(err.to_string(), "signal kind name is blank");
}

#[test]
fn field_reads_known_names_and_custom_attributes() {
    let every = [
        Field::Employees,
        Field::AnnualRevenue,
        Field::Industry,
        Field::Country,
        Field::JobTitle,
        Field::Seniority,
        Field::EmailDomain,
    ];
    assert_eq!(Field::KNOWN, every);
    assert_eq!("Email Domain".parse(), Ok(Field::EmailDomain));
    // A known field's label is its wire name.
    names_round_trip(&Field::KNOWN, Field::to_string);
    assert_eq!("Annual Revenue".parse(), Ok(Field::AnnualRevenue));

    let plan = Field::Custom("crm_plan".into());
    assert_eq!(plan.to_string(), "custom.crm_plan");
    assert_eq!(plan.to_string().parse(), Ok(plan.clone()));
    assert_eq!(
        serde_json::to_value(&plan).unwrap(),
        json!({ "custom": "crm_plan" })
    );
    // The prefix in any case; the name as written, trimmed.
    assert_eq!("CUSTOM. CRM Plan ".parse(), Ok(Field::Custom("CRM Plan".into())));
    assert_eq!("custom.employees".parse(), Ok(Field::Custom("employees".into())));

    // A bare unknown name is refused, not taken for a custom attribute.
    let (message, expected) = refusal::<Field>("crm_plan");
    assert_eq!(
        message,
        "unknown field \"crm_plan\": expected one of employees, annual_revenue, industry, country, \
         job_title, seniority, email_domain, custom.<name>"
    );
    let mut names = Field::KNOWN.map(|f| f.to_string()).to_vec();
    names.push("custom.<name>".into());
    assert_eq!(expected, names);
    for blank in ["custom.", " custom.  "] {
        let err = blank.parse::<Field>().unwrap_err();
        assert_eq!(err, NameError::Blank { kind: "custom field" });
        assert_eq!(err.to_string(), "custom field name is blank");
    }
}

#[test]
fn an_unknown_name_is_echoed_capped() {
    let long = "x".repeat(300);
    let (message, _) = refusal::<Stage>(&long);
    assert_eq!(
        message,
        format!(
            "unknown stage \"{}…\" (300 bytes): expected one of lead, prospect, discovery, \
             opportunity, disqualified, won, lost",
            "x".repeat(64)
        )
    );
    let err = long.parse::<Method>().unwrap_err();
    assert!(matches!(err, NameError::Unknown { kind: "method", ref name, len: 300, .. } if name.len() == 64));
    // Control characters are escaped, as `{:?}` writes them.
    assert_eq!(
        refusal::<Require>("a\u{0}b").0,
        "unknown pass rule \"a\\0b\": expected one of all, any"
    );
}

#[test]
fn a_reason_converts_from_text_with_its_checks() {
    let text = "  chose a competitor ";
    let from_str: Reason = text.parse().unwrap();
    // Kept as given, whitespace included, the same whichever way in.
    assert_eq!(from_str.as_str(), text);
    assert_eq!(Reason::try_from(text), Ok(from_str.clone()));
    assert_eq!(Reason::try_from(text.to_owned()), Ok(from_str.clone()));
    assert_eq!(from_str.to_string().parse(), Ok(from_str));

    for blank in ["", " \t\n"] {
        assert_eq!(blank.parse::<Reason>(), Err(ValueError::BlankReason));
        assert_eq!(Reason::try_from(blank), Err(ValueError::BlankReason));
        assert_eq!(Reason::try_from(blank.to_owned()), Err(ValueError::BlankReason));
    }
    assert_eq!("".parse::<Reason>().unwrap_err().to_string(), "reason is blank");
    let long = "x".repeat(MAX_REASON_LEN + 1);
    let err = Reason::try_from(long.as_str()).unwrap_err();
    assert_eq!(err, ValueError::ReasonTooLong { len: 1025, max: 1024 });
    assert_eq!(
        err.to_string(),
        "reason is 1025 bytes long, more than the 1024 allowed"
    );
    assert_eq!(long.parse::<Reason>(), Err(err.clone()));
    assert_eq!(Reason::try_from(long), Err(err));
    assert!(Reason::try_from("x".repeat(MAX_REASON_LEN)).is_ok());
}

#[test]
fn an_actor_is_any_text_as_given() {
    let id = String::from(" rep@acme.example ");
    let actor = Actor::new(id.as_str());
    assert_eq!(Actor::from(&id), actor);
    assert_eq!(Actor::from(id.clone()), actor);
    assert_eq!(Actor::from(id.as_str()), actor);
    assert_eq!(id.parse::<Actor>(), Ok(actor.clone()));
    assert_eq!(actor.to_string(), id);
    assert_eq!(serde_json::to_value(&actor).unwrap(), json!(id));
    assert_eq!("".parse::<Actor>().map(|a| a.as_str().len()), Ok(0));
}

/// The message of the error for reading `text` as money.
#[track_caller]
fn money_refusal(text: &str) -> String {
    text.parse::<Money>().unwrap_err().to_string()
}

#[test]
fn money_reads_what_it_writes() {
    let eur = Currency::new("EUR").unwrap();
    for (text, mantissa, scale) in [
        ("48000 EUR", 48_000, 0),
        ("48000.00 EUR", 4_800_000, 2),
        ("0 EUR", 0, 0),
        ("0.5 EUR", 5, 1),
        (
            "79228162514264337593543950335 EUR",
            79_228_162_514_264_337_593_543_950_335,
            0,
        ),
    ] {
        let money: Money = text.parse().unwrap();
        assert_eq!(
            money,
            Money::new(Decimal::from_i128_with_scale(mantissa, scale), eur).unwrap()
        );
        assert_eq!(money.amount().scale(), scale, "{text}");
        assert_eq!(money.to_string(), text);
    }
    // The forms every decimal is read in, written back in the one Display writes.
    for (text, shown) in [
        ("1_000.50 EUR", "1000.50 EUR"),
        ("4.8e4 USD", "48000 USD"),
        ("+5 GBP", "5 GBP"),
    ] {
        assert_eq!(text.parse::<Money>().unwrap().to_string(), shown);
    }
    // A negative zero is zero, read or written.
    assert_eq!("-0 EUR".parse::<Money>().unwrap().to_string(), "0 EUR");
    let negative_zero = Money::new(-Decimal::ZERO, eur).unwrap();
    assert_eq!(negative_zero.to_string().parse(), Ok(negative_zero));
}

#[test]
fn money_refuses_any_other_form_with_the_reason() {
    let form = |text: &str| {
        format!(
            "invalid money {text:?}: expected an amount, one space and a currency code, such as \"48000.00 EUR\""
        )
    };
    for text in [
        "",
        " ",
        "48000",
        "EUR",
        "48000EUR",
        " 48000 EUR",
        "48000 EUR ",
        "48000  EUR",
        "48000\tEUR",
        "48000 \tEUR",
        "48000 EUR EUR",
        "48 000 EUR",
        "EUR 48000",
        "€48000 EUR",
        "48,000.00 EUR",
        "1.2.3 EUR",
        "NaN EUR",
    ] {
        assert_eq!(money_refusal(text), form(text), "{text:?}");
        assert!(
            matches!(text.parse::<Money>(), Err(ValueError::MoneyText { .. })),
            "{text:?}"
        );
    }
    assert_eq!(
        money_refusal("0.00000000000000000000000000001 EUR"),
        "amount \"0.00000000000000000000000000001\" has 29 digits after the decimal point, more than \
         the 28 a decimal holds exactly"
    );
    assert_eq!(
        money_refusal("79228162514264337593543950336 EUR"),
        "amount \"79228162514264337593543950336\" has 29 significant digits, more than a decimal \
         holds exactly (28, or 29 up to 79228162514264337593543950335)"
    );
    assert_eq!(
        money_refusal("48000 eur"),
        "invalid currency \"eur\": expected three uppercase letters such as \"EUR\""
    );
    assert_eq!(
        money_refusal("48000 EURO"),
        "invalid currency \"EURO\": expected three uppercase letters such as \"EUR\""
    );
    assert_eq!(money_refusal("-48000.00 EUR"), "amount -48000.00 is negative");
    let err = "1e-29 EUR".parse::<Money>().unwrap_err();
    assert!(matches!(
        err,
        ValueError::InexactAmount {
            digits: 29,
            after_point: true,
            len: 5,
            ..
        }
    ));

    // A long text is echoed capped, whichever part is at fault.
    let long = format!("{} EUR", "1".repeat(300));
    assert_eq!(
        money_refusal(&long),
        format!(
            "amount \"{}…\" (300 bytes) has 300 significant digits, more than a decimal holds \
             exactly (28, or 29 up to 79228162514264337593543950335)",
            "1".repeat(64)
        )
    );
    let long = "x".repeat(300);
    assert_eq!(
        money_refusal(&long),
        format!(
            "invalid money \"{}…\" (300 bytes): expected an amount, one space and a currency code, such as \"48000.00 EUR\"",
            "x".repeat(64)
        )
    );
}

/// Names a CRM might hold: words of letters, joined by separators, with stray whitespace.
fn crm_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ \t]{0,2}[A-Za-z]{1,12}([ _-][A-Za-z]{1,12}){0,2}[ \t]{0,2}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn a_custom_name_round_trips_unless_it_names_a_known_one(text in crm_name()) {
        let name = text.trim();
        prop_assume!(!name.is_empty());
        let source = Source::Other(name.to_owned());
        let read: Source = source.as_str().parse().unwrap();
        match Source::KNOWN.iter().find(|k| **k == read) {
            Some(known) => prop_assert!(known.as_str().eq_ignore_ascii_case(&name.replace([' ', '-'], "_"))),
            None => prop_assert_eq!(&read, &source),
        }
        prop_assert_eq!(source.to_string().parse::<Source>().unwrap(), read);

        let kind = SignalKind::Custom(name.to_owned());
        let read: SignalKind = kind.as_str().parse().unwrap();
        match SignalKind::KNOWN.iter().find(|k| **k == read) {
            Some(known) => prop_assert!(known.as_str().eq_ignore_ascii_case(&name.replace([' ', '-'], "_"))),
            None => prop_assert_eq!(&read, &kind),
        }

        let field = Field::Custom(name.to_owned());
        prop_assert_eq!(field.to_string().parse::<Field>().unwrap(), field);
    }

    #[test]
    fn money_round_trips_through_its_text(
        mantissa in 0_i128..=79_228_162_514_264_337_593_543_950_335,
        scale in 0_u32..=28,
        code in "[A-Z]{3}",
    ) {
        let amount = Decimal::from_i128_with_scale(mantissa, scale);
        let money = Money::new(amount, Currency::new(&code).unwrap()).unwrap();
        let text = money.to_string();
        let read: Money = text.parse().unwrap();
        prop_assert_eq!(read, money);
        // Exactly as written: the same digits at the same scale.
        prop_assert_eq!((read.amount().mantissa(), read.amount().scale()), (mantissa, scale));
        prop_assert_eq!(read.to_string(), text);
    }

    #[test]
    fn money_text_that_reads_writes_back_as_read(text in prop_oneof![
        "[-+]?[0-9_.eE]{0,12} ?[A-Za-z ]{0,4}",
        any::<String>(),
    ]) {
        if let Ok(money) = text.parse::<Money>() {
            prop_assert_eq!(money.to_string().parse::<Money>(), Ok(money));
            prop_assert_eq!(text.matches(' ').count(), 1);
        }
    }

    #[test]
    fn a_closed_enum_reads_only_its_names(text in crm_name()) {
        // Whatever the text, reading never panics, and what it reads is what it names.
        let folded = text.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        if let Ok(stage) = text.parse::<Stage>() {
            let label = stage.label().to_ascii_lowercase().replace([' ', '-'], "_");
            prop_assert!(folded == stage.as_str() || folded == label, "{:?} read as {:?}", text, stage);
        }
        if let Ok(method) = text.parse::<Method>() {
            prop_assert_eq!(folded.as_str(), method.as_str());
        }
        if let Ok(seniority) = text.parse::<Seniority>() {
            prop_assert_eq!(folded.as_str(), seniority.as_str());
        }
        if let Ok(access) = text.parse::<Access>() {
            prop_assert_eq!(folded.as_str(), access.as_str());
        }
        if let Ok(kind) = text.parse::<EvidenceKind>() {
            prop_assert_eq!(folded.as_str(), kind.as_str());
        }
        if let Ok(require) = text.parse::<Require>() {
            prop_assert_eq!(folded.as_str(), require.as_str());
        }
    }
}

#[test]
fn tiers_read_back_from_their_wire_name_and_label() {
    for tier in qualify::Tier::ALL {
        let wire = serde_json::to_value(tier).unwrap();
        assert_eq!(wire.as_str().unwrap().parse::<qualify::Tier>().unwrap(), tier);
        assert_eq!(tier.to_string().parse::<qualify::Tier>().unwrap(), tier);
        assert_eq!(tier.as_str().parse::<qualify::Tier>().unwrap(), tier);
    }
    assert_eq!(
        " sql ".parse::<qualify::Tier>().unwrap(),
        qualify::Tier::Sql,
        "surrounding whitespace is trimmed"
    );
    assert_eq!(
        "".parse::<qualify::Tier>().unwrap_err().to_string(),
        "unknown tier \"\": expected one of iql, mql, sql"
    );
}

#[test]
fn budget_kind_reads_its_names_and_a_status_says_its_kind() {
    use qualify::{BudgetKind, BudgetStatus};
    assert_eq!(
        BudgetKind::ALL,
        [BudgetKind::Approved, BudgetKind::Sought, BudgetKind::None]
    );
    names_round_trip(&BudgetKind::ALL, |k| k.as_str().to_owned());
    let (message, expected) = refusal::<BudgetKind>("pending");
    assert_eq!(
        message,
        "unknown budget kind \"pending\": expected one of approved, sought, none"
    );
    assert_eq!(expected, BudgetKind::ALL.map(BudgetKind::as_str));
    let eur = qualify::Currency::new("EUR").unwrap();
    let kinds = [
        BudgetStatus::Approved {
            amount: qualify::Money::new(1.into(), eur).unwrap(),
        },
        BudgetStatus::ApprovedAmountUnknown { currency: eur },
        BudgetStatus::Sought { amount: None },
    ]
    .map(|s| s.kind());
    assert_eq!(
        kinds,
        [BudgetKind::Approved, BudgetKind::Approved, BudgetKind::Sought]
    );
}

proptest! {
    /// The lenient readers take what the crate writes under either mark, and refuse with a
    /// message that repeats at most a short prefix of any text.
    #[test]
    fn the_lenient_readers_read_what_the_crm_writes_and_echo_little(
        cents in 0_i64..10_000_000_000,
        junk in "\\PC{0,400}",
    ) {
        use qualify::crm::DecimalMark;
        let amount = qualify::Decimal::new(cents, 2);
        let whole = (cents / 100).to_string();
        // Thousands grouped as each mark groups them.
        let group = |sep: &str| {
            let digits: Vec<char> = whole.chars().collect();
            let mut out = String::new();
            for (i, c) in digits.iter().enumerate() {
                if i > 0 && (digits.len() - i).is_multiple_of(3) {
                    out.push_str(sep);
                }
                out.push(*c);
            }
            out
        };
        let point = format!("{}.{:02}", group(","), cents % 100);
        let comma = format!("{},{:02}", group("."), cents % 100);
        prop_assert_eq!(DecimalMark::Point.read(&point).unwrap(), amount);
        prop_assert_eq!(DecimalMark::Comma.read(&comma).unwrap(), amount);
        let money = DecimalMark::Comma.read_money(&format!("{comma} eur")).unwrap();
        prop_assert_eq!(money.amount(), amount);
        for mark in [DecimalMark::Point, DecimalMark::Comma] {
            if let Err(e) = mark.read(&junk) {
                prop_assert!(e.to_string().len() < 400, "{}", e);
            }
            if let Err(e) = mark.read_money(&junk) {
                prop_assert!(e.to_string().len() < 400, "{}", e);
            }
        }
    }
}
