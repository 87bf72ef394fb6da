//! The fit section of a policy: criteria, knockouts, and how fit passes.

use core::fmt;
use core::str::FromStr;

use rust_decimal::Decimal;

use crate::values::NameError;
use crate::values::names::{self, names_of};

/// A profile field that a criterion or knockout looks at.
///
/// On the wire: `"employees"`, `"industry"`, …, or `{"custom": "crm_plan"}`.
///
/// # Text
///
/// `Display` writes a known field's wire name (`annual_revenue`) and a custom one as
/// `custom.` and its name (`custom.crm_plan`). [`FromStr`] reads both back: a known name
/// with ASCII case ignored and `_`, `-` and a space alike (`Annual Revenue`), or `custom.`
/// (any case) before a custom attribute's name, kept as written; surrounding whitespace is
/// trimmed from the text and from the custom name. Any other text is refused, so that a
/// misspelt field is not taken for a custom attribute.
///
/// ```
/// use qualify::{Field, NameError};
///
/// assert_eq!("Annual Revenue".parse::<Field>()?, Field::AnnualRevenue);
/// assert_eq!("custom.crm_plan".parse::<Field>()?, Field::Custom("crm_plan".into()));
/// assert_eq!(Field::Custom("crm_plan".into()).to_string(), "custom.crm_plan");
/// let err = "revenue".parse::<Field>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "unknown field \"revenue\": expected one of employees, annual_revenue, industry, \
///      country, job_title, seniority, email_domain, custom.<name>"
/// );
/// assert_eq!("custom. ".parse::<Field>(), Err(NameError::Blank { kind: "custom field" }));
/// # Ok::<(), NameError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Field {
    /// [`Profile::employees`](field@crate::Profile::employees), numeric.
    Employees,
    /// [`Profile::annual_revenue`](field@crate::Profile::annual_revenue), numeric.
    AnnualRevenue,
    /// [`Profile::industry`](field@crate::Profile::industry), text.
    Industry,
    /// [`Profile::country`](field@crate::Profile::country), text.
    Country,
    /// [`Profile::job_title`](field@crate::Profile::job_title), text.
    JobTitle,
    /// [`Profile::seniority`](field@crate::Profile::seniority), one of the [`Seniority`](crate::Seniority) names.
    Seniority,
    /// [`Profile::email_domain`](field@crate::Profile::email_domain), text: the domain of
    /// the contact's e-mail address. A lead's, prospect's or CRM row's contact fills it when
    /// the profile does not (see [`Condition::DomainIn`]).
    EmailDomain,
    /// A custom attribute by CRM field name; text, number or flag.
    Custom(String),
}

impl Field {
    /// Every field of a [`Profile`](crate::Profile) the crate knows, that is every field but
    /// [`Field::Custom`].
    pub const KNOWN: [Field; 7] = [
        Field::Employees,
        Field::AnnualRevenue,
        Field::Industry,
        Field::Country,
        Field::JobTitle,
        Field::Seniority,
        Field::EmailDomain,
    ];

    /// What a custom field's text starts with.
    const CUSTOM: &'static str = "custom.";

    /// The names [`FromStr`] accepts, as its error lists them.
    const NAMES: [&'static str; 8] = [
        "employees",
        "annual_revenue",
        "industry",
        "country",
        "job_title",
        "seniority",
        "email_domain",
        "custom.<name>",
    ];

    /// The snake_case name of a known field, used on the wire; `None` for a custom one.
    const fn known_name(&self) -> Option<&'static str> {
        Some(match self {
            Field::Employees => "employees",
            Field::AnnualRevenue => "annual_revenue",
            Field::Industry => "industry",
            Field::Country => "country",
            Field::JobTitle => "job_title",
            Field::Seniority => "seniority",
            Field::EmailDomain => "email_domain",
            Field::Custom(_) => return None,
        })
    }
}

impl FromStr for Field {
    type Err = NameError;

    /// Reads a known field's name, or `custom.` and a custom attribute's name (see
    /// [`Field`], "Text").
    ///
    /// # Errors
    /// [`NameError::Unknown`] for text that is neither: `"revenue"`, `"crm_plan"`, `""`;
    /// [`NameError::Blank`] for `custom.` with a blank name.
    fn from_str(text: &str) -> Result<Field, NameError> {
        let trimmed = text.trim();
        let prefix = trimmed.get(..Field::CUSTOM.len());
        if prefix.is_some_and(|p| p.eq_ignore_ascii_case(Field::CUSTOM)) {
            let name = trimmed.get(Field::CUSTOM.len()..).unwrap_or_default();
            return Ok(Field::Custom(names::custom("custom field", name)?.to_owned()));
        }
        names::find(trimmed, &Field::KNOWN, |f| f.known_name().unwrap_or_default())
            .cloned()
            .ok_or_else(|| NameError::unknown("field", text, &Field::NAMES))
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Custom(name) => write!(f, "{}{name}", Field::CUSTOM),
            known => f.write_str(known.known_name().unwrap_or_default()),
        }
    }
}

/// What a criterion or knockout asks of its field.
///
/// Values are written as strings and read by the field's type: `"1000"` for a number (read
/// exactly, as every decimal is: one with more digits than a decimal holds is refused on a
/// numeric field, and only text on a custom one), `"director"` for a seniority, `"true"` for
/// a flag. Text compares ignoring ASCII case.
///
/// On the wire a value is a string even when it names a number (`{"equals": "1000"}`, not
/// `1000`): it is kept as written and read by the field's type only when the policy is
/// checked, so `"1e3"` stays `"1e3"` in the spec and its explanations. A range's bounds are
/// figures, always numbers, and may be written as JSON numbers that convert exactly (see
/// [`PolicySpec`](crate::PolicySpec)).
///
/// On the wire: `{"equals": "software"}`, `{"one_of": ["DE", "FR"]}`,
/// `{"range": {"min": "1000"}}`, `"present"`, `"absent"`,
/// `{"contains_word": ["student", "intern"]}`, `{"starts_with": ["head of"]}`,
/// `{"ends_with": ["assistant"]}`, `{"domain_in": ["gmail.com", "rival.example"]}`.
///
/// # Text conditions
///
/// The last four test a text field (a known text field, [`Field::EmailDomain`] or a custom
/// attribute holding text) for part of its value, the way a sales team writes its knockouts:
/// students and interns by job title, competitors and free or disposable mail by domain.
/// Each lists one or more values and holds when any of them matches; like every text
/// comparison, they ignore ASCII case.
///
/// - [`ContainsWord`](Condition::ContainsWord): the value holds the word as a whole word.
///   A value is cut into words at every character that is not a letter or a digit (any
///   script), so `"Working Student (m/w/d)"` and `"student-assistant"` contain `student`,
///   but `"Students' union"` and `"studentship"` do not. Each listed word is one word:
///   letters and digits only.
/// - [`StartsWith`](Condition::StartsWith) and [`EndsWith`](Condition::EndsWith): the value
///   begins or ends with the text, spaces included (`"head of"` matches `"Head of Sales"`).
/// - [`DomainIn`](Condition::DomainIn): the value's domain is a listed domain or lies under
///   one: `rival.example` matches `rival.example` and `eu.rival.example`, not
///   `notrival.example`. The domain is the text after the value's last `@`, or the whole
///   value when it has none, so the condition reads an e-mail address or a bare domain
///   alike; one trailing dot is ignored. Each listed domain is written bare (`gmail.com`, not
///   `@gmail.com`): labels of letters, digits and inner hyphens, joined by dots.
///
/// On a field the profile does not have, or on a number or a flag, a text condition does
/// not hold. Reading a value takes time linear in its length, however many words, prefixes
/// or domains the policy lists; at most
/// [`limits::MAX_TEXT_CONDITIONS_PER_FIELD`](crate::limits::MAX_TEXT_CONDITIONS_PER_FIELD)
/// of them read one field.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Condition {
    /// The field equals this value.
    Equals(String),
    /// The field equals one of these values.
    OneOf(Vec<String>),
    /// The numeric field lies within these bounds (both inclusive, either optional).
    Range {
        /// Lowest value that meets the condition.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "crate::values::decimal::de::figure::option::min")
        )]
        min: Option<Decimal>,
        /// Highest value that meets the condition.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "crate::values::decimal::de::figure::option::max")
        )]
        max: Option<Decimal>,
    },
    /// The field has a value.
    Present,
    /// The field has no value.
    Absent,
    /// The text field contains one of these words, as a whole word (see "Text conditions").
    ContainsWord(Vec<String>),
    /// The text field starts with one of these texts.
    StartsWith(Vec<String>),
    /// The text field ends with one of these texts.
    EndsWith(Vec<String>),
    /// The domain in the text field (after its last `@`) is one of these domains or a
    /// subdomain of one.
    DomainIn(Vec<String>),
}

impl Condition {
    /// The values a text condition lists, with the name it has on the wire; `None` for the
    /// other conditions.
    pub(crate) fn text_values(&self) -> Option<(&'static str, &[String])> {
        match self {
            Condition::ContainsWord(v) => Some(("contains_word", v)),
            Condition::StartsWith(v) => Some(("starts_with", v)),
            Condition::EndsWith(v) => Some(("ends_with", v)),
            Condition::DomainIn(v) => Some(("domain_in", v)),
            _ => None,
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Condition::Equals(v) => write!(f, "equals {v:?}"),
            Condition::OneOf(vs) => write!(f, "one of {vs:?}"),
            Condition::Range { min, max } => {
                f.write_str("in ")?;
                if let Some(min) = min {
                    write!(f, "{min}")?;
                }
                f.write_str("..")?;
                if let Some(max) = max {
                    write!(f, "={max}")?;
                }
                Ok(())
            }
            Condition::Present => f.write_str("present"),
            Condition::Absent => f.write_str("absent"),
            Condition::ContainsWord(vs) => write!(f, "contains word {vs:?}"),
            Condition::StartsWith(vs) => write!(f, "starts with {vs:?}"),
            Condition::EndsWith(vs) => write!(f, "ends with {vs:?}"),
            Condition::DomainIn(vs) => write!(f, "domain in {vs:?}"),
        }
    }
}

/// A fit criterion: when its condition holds, the lead earns its weight in points.
///
/// A *required* criterion must also hold for fit to pass, whatever the score and the count
/// of criteria met: a must-have of the ideal customer profile, such as company size for a
/// product sold only to large companies. Unlike a [knockout](KnockoutSpec), an unmet
/// required criterion does not disqualify: the lead stays a lead until its fit evidence
/// shows the criterion met (see [`Unmet::RequiredCriterion`](crate::Unmet::RequiredCriterion)).
///
/// A criterion on a field the profile does not have is not met, so a required criterion
/// also requires its field to be known, with one exception: a required `absent` criterion
/// requires the field to be missing, and a profile that has the field fails it.
///
/// On the wire, `"required": true`; it defaults to `false` and is written only when true.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct CriterionSpec {
    /// Unique among the criteria; shown in explanations.
    pub name: String,
    /// The profile field looked at.
    pub field: Field,
    /// What the field must satisfy.
    pub condition: Condition,
    /// Points earned when met; never negative.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::figure::weight")
    )]
    pub weight: Decimal,
    /// Whether fit fails when this criterion is not met, whatever the score and count.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "is_false"))]
    pub required: bool,
}

impl CriterionSpec {
    /// A criterion named `name` that earns `weight` points when `field` satisfies
    /// `condition`; not required (see [`CriterionSpec::required`]).
    ///
    /// ```
    /// use qualify::{Condition, CriterionSpec, Field};
    ///
    /// let titled = CriterionSpec::new("titled", Field::JobTitle, Condition::Present, 5);
    /// assert!(!titled.required);
    /// let sized = CriterionSpec::new("sized", Field::Employees, Condition::Present, 30).required();
    /// assert!(sized.required);
    /// ```
    pub fn new(
        name: impl Into<String>,
        field: Field,
        condition: Condition,
        weight: impl Into<Decimal>,
    ) -> CriterionSpec {
        CriterionSpec {
            name: name.into(),
            field,
            condition,
            weight: weight.into(),
            required: false,
        }
    }

    /// This criterion, required: fit fails when it is not met, whatever the score and the
    /// count.
    #[must_use = "required returns the criterion; it does not change it in place"]
    pub fn required(mut self) -> CriterionSpec {
        self.required = true;
        self
    }
}

/// Whether a flag is off, so that serializing leaves it out.
#[cfg(feature = "serde")]
pub(crate) fn is_false(flag: &bool) -> bool {
    !*flag
}

/// A knockout: when its condition holds, the lead fails fit whatever its score.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct KnockoutSpec {
    /// Unique among the knockouts; becomes the disqualification reason.
    pub name: String,
    /// The profile field looked at.
    pub field: Field,
    /// What, when it holds, knocks the lead out.
    pub condition: Condition,
}

impl KnockoutSpec {
    /// A knockout named `name` that fails fit when `field` satisfies `condition`.
    ///
    /// ```
    /// use qualify::{Condition, Field, KnockoutSpec};
    ///
    /// let competitor =
    ///     KnockoutSpec::new("competitor", Field::Custom("competitor".into()), Condition::Equals("true".into()));
    /// assert_eq!(competitor.name, "competitor");
    /// ```
    pub fn new(name: impl Into<String>, field: Field, condition: Condition) -> KnockoutSpec {
        KnockoutSpec {
            name: name.into(),
            field,
            condition,
        }
    }
}

/// Whether both pass rules must hold, or either.
///
/// # Text
///
/// [`Require::as_str`] and `Display` both give the wire name (`all`, `any`); [`FromStr`]
/// reads it back, ASCII case ignored and surrounding whitespace trimmed (`Any`). Any other
/// text is refused.
///
/// ```
/// use qualify::Require;
///
/// assert_eq!("Any".parse::<Require>()?, Require::Any);
/// let err = "both".parse::<Require>().unwrap_err();
/// assert_eq!(err.to_string(), "unknown pass rule \"both\": expected one of all, any");
/// # Ok::<(), qualify::NameError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Require {
    /// Every rule that is set must hold.
    #[default]
    All,
    /// One rule that is set is enough.
    Any,
}

impl Require {
    /// Both rules, the default first.
    pub const ALL: [Require; 2] = [Require::All, Require::Any];

    /// The wire names of [`Require::ALL`], in order.
    const NAMES: [&'static str; Require::ALL.len()] = names_of!(Require);

    /// The lowercase name used on the wire: `all` or `any`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Require::All => "all",
            Require::Any => "any",
        }
    }
}

impl FromStr for Require {
    type Err = NameError;

    /// Reads a pass rule by name (see [`Require`], "Text").
    ///
    /// # Errors
    /// [`NameError::Unknown`] for any other text: `"both"`, `"either"`, `""`.
    fn from_str(text: &str) -> Result<Require, NameError> {
        names::closed("pass rule", text, &Require::ALL, &Require::NAMES)
    }
}

impl fmt::Display for Require {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How fit passes: a weighted score, a count of criteria met ("6 of 10"), or both. Required
/// criteria must hold as well, whichever rule is set.
///
/// `PassSpec::default()` sets neither rule (and `require: all`), which
/// [`Policy::new`](crate::Policy::new) refuses until one is set: `fit.pass: must set
/// min_score, min_met or both`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct PassSpec {
    /// The fit score must be at least this.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::figure::option::min_score")
    )]
    pub min_score: Option<Decimal>,
    /// At least this many criteria must be met.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub min_met: Option<u32>,
    /// Whether both rules must hold when both are set (default `all`).
    #[cfg_attr(feature = "serde", serde(default))]
    pub require: Require,
}

impl PassSpec {
    /// Pass at a fit score of at least `min_score`.
    ///
    /// ```
    /// use qualify::{PassSpec, Require};
    ///
    /// assert_eq!(PassSpec::min_score(60).min_met, None);
    /// assert_eq!(PassSpec::min_met(3).min_score, None);
    /// assert_eq!(PassSpec::both(60, 3).require, Require::All);
    /// assert_eq!(PassSpec::either(60, 3).require, Require::Any);
    /// ```
    pub fn min_score(min_score: impl Into<Decimal>) -> PassSpec {
        PassSpec {
            min_score: Some(min_score.into()),
            ..PassSpec::default()
        }
    }

    /// Pass with at least `min_met` criteria met ("6 of 10").
    pub fn min_met(min_met: u32) -> PassSpec {
        PassSpec {
            min_met: Some(min_met),
            ..PassSpec::default()
        }
    }

    /// Pass with a score of at least `min_score` **and** at least `min_met` criteria met
    /// ([`Require::All`]).
    pub fn both(min_score: impl Into<Decimal>, min_met: u32) -> PassSpec {
        PassSpec {
            min_score: Some(min_score.into()),
            min_met: Some(min_met),
            require: Require::All,
        }
    }

    /// Pass with a score of at least `min_score` **or** at least `min_met` criteria met
    /// ([`Require::Any`]).
    pub fn either(min_score: impl Into<Decimal>, min_met: u32) -> PassSpec {
        PassSpec {
            require: Require::Any,
            ..PassSpec::both(min_score, min_met)
        }
    }
}

/// Fit: criteria, knockouts and how to pass.
///
/// `FitSpec::default()` has no criteria, no knockouts and the empty [`PassSpec`], which
/// [`Policy::new`](crate::Policy::new) refuses until a pass rule is set. The default
/// policy's fit is `PolicySpec::default().fit`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct FitSpec {
    /// Weighted criteria, at most [`limits::MAX_CRITERIA`](crate::limits::MAX_CRITERIA).
    #[cfg_attr(feature = "serde", serde(default))]
    pub criteria: Vec<CriterionSpec>,
    /// Knockouts, at most [`limits::MAX_KNOCKOUTS`](crate::limits::MAX_KNOCKOUTS).
    #[cfg_attr(feature = "serde", serde(default))]
    pub knockouts: Vec<KnockoutSpec>,
    /// The pass rule; at least one of its thresholds must be set.
    pub pass: PassSpec,
}

impl FitSpec {
    /// Fit that passes by `pass`, with no criteria and no knockouts yet.
    ///
    /// ```
    /// use qualify::{Condition, CriterionSpec, Field, FitSpec, KnockoutSpec, PassSpec};
    ///
    /// let fit = FitSpec::new(PassSpec::min_score(30))
    ///     .with_criteria([CriterionSpec::new("sized", Field::Employees, Condition::Present, 30)])
    ///     .with_knockouts([KnockoutSpec::new("unknown size", Field::Employees, Condition::Absent)]);
    /// assert_eq!((fit.criteria.len(), fit.knockouts.len()), (1, 1));
    /// ```
    pub fn new(pass: PassSpec) -> FitSpec {
        FitSpec {
            criteria: Vec::new(),
            knockouts: Vec::new(),
            pass,
        }
    }

    /// This fit with `criteria` in place of its criteria.
    #[must_use = "with_criteria returns the fit; it does not change it in place"]
    pub fn with_criteria(mut self, criteria: impl IntoIterator<Item = CriterionSpec>) -> FitSpec {
        self.criteria = criteria.into_iter().collect();
        self
    }

    /// This fit with `knockouts` in place of its knockouts.
    #[must_use = "with_knockouts returns the fit; it does not change it in place"]
    pub fn with_knockouts(mut self, knockouts: impl IntoIterator<Item = KnockoutSpec>) -> FitSpec {
        self.knockouts = knockouts.into_iter().collect();
        self
    }
}
