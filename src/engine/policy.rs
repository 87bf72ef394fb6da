//! [`Policy`]: a checked, compiled policy.

use crate::engine::Assessment;
use crate::engine::compile::Checker;
use crate::engine::compiled::Compiled;
use crate::policy::{PolicyError, PolicySpec, default_spec};
use crate::profile::{Contact, Profile, Signal};
use crate::values::Timestamp;

/// Every `Policy` is a checked, compiled set of qualification rules.
///
/// Build one with [`Policy::new`] from a [`PolicySpec`], deserialize one (the same checks
/// run), or start from [`Policy::default`], the crate's embedded policy. A policy is
/// immutable; to change the rules, edit its [`spec`](Policy::spec) and build anew.
///
/// ```
/// use qualify::{Policy, PolicySpec};
///
/// let policy = Policy::default();
/// assert_eq!(policy.version(), "qualify-default-2026-12");
///
/// let mut spec: PolicySpec = policy.spec().clone();
/// spec.fit.criteria[0].weight = "-5".parse()?;
/// spec.opportunity.threshold = "1.2".parse()?;
/// let err = Policy::new(spec).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid policy: fit.criteria[0].weight: must not be negative; \
///      opportunity.threshold: must be between 0 and 1",
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Policy {
    spec: PolicySpec,
    compiled: Compiled,
}

impl PartialEq for Policy {
    fn eq(&self, other: &Policy) -> bool {
        self.spec == other.spec
    }
}

impl Eq for Policy {}

impl Policy {
    /// Checks a spec and compiles it.
    ///
    /// # Errors
    /// [`PolicyError`] listing every problem at once, each naming its path: a negative
    /// weight (`fit.criteria[3].weight: must not be negative`), duplicate criterion names,
    /// a threshold outside `0..=1`, an open range that reaches 0 or 1 or is reversed
    /// (`probability.open.max: must be above 0 and below 1`), an opportunity threshold above
    /// its top (`opportunity.threshold: must not be above probability.open.max (0.99)`),
    /// tiers out of order, a half-life of zero days, `min_met`
    /// above the number of criteria, a `range` on a text field, a value that is not a
    /// number where the field is numeric, more entries or longer strings than
    /// [`limits`](crate::limits) allows.
    pub fn new(spec: PolicySpec) -> Result<Policy, PolicyError> {
        let compiled = Checker::default().compile(&spec)?;
        Ok(Policy { spec, compiled })
    }

    /// The spec this policy was built from.
    pub fn spec(&self) -> &PolicySpec {
        &self.spec
    }

    /// The spec's version string.
    pub fn version(&self) -> &str {
        &self.spec.version
    }

    /// Whether staged mode (the enterprise exception) is on.
    pub fn staged(&self) -> bool {
        self.spec.opportunity.staged
    }

    pub(crate) fn compiled(&self) -> &Compiled {
        &self.compiled
    }

    /// Scores a profile's fit and its signals' engagement at `now`, without allocating.
    ///
    /// This is the batch path: the same evaluation as [`Policy::explain`], with nothing
    /// written down.
    ///
    /// ```
    /// use qualify::{Policy, Profile, Seniority, Signal, SignalKind, Tier};
    ///
    /// let policy = Policy::default();
    /// let now = "2026-11-25T09:00:00Z".parse()?;
    /// let profile = Profile::new()
    ///     .employees(2_400)
    ///     .industry("Software")
    ///     .seniority(Seniority::Director);
    /// let signals = [Signal::new(SignalKind::DemoRequest, now)];
    /// let a = policy.assess(&profile, &signals, now);
    /// assert_eq!(a.fit_score(), "65".parse()?);
    /// assert!(a.qualifies());
    /// assert_eq!(a.tier(), Some(Tier::Sql));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn assess(&self, profile: &Profile, signals: &[Signal], now: Timestamp) -> Assessment {
        self.compiled().assess(profile, None, signals, now, &mut ())
    }

    /// [`Policy::assess`] of a record's profile, read with its `contact`'s e-mail domain
    /// when the profile has none: how a lead, prospect or opportunity is scored.
    pub(crate) fn assess_record(
        &self,
        profile: &Profile,
        contact: &Contact,
        signals: &[Signal],
        now: Timestamp,
    ) -> Assessment {
        self.compiled()
            .assess(profile, contact.email_domain(), signals, now, &mut ())
    }
}

impl Default for Policy {
    /// The crate's embedded policy: an enterprise B2B software ICP, in which a headcount
    /// of at least 1,000 is a required criterion (a smaller company never qualifies, however
    /// well it scores otherwise, and one under 10 employees is knocked out); engagement
    /// tiers defined by the act ([`TierRule::Act`](crate::TierRule::Act)) at 10 (IQL), 30
    /// (MQL) and 100 (SQL) points with a 30-day half-life, where one act of a tier (a content
    /// download, a pricing request, a demo request) keeps a lead in that tier for a
    /// half-life and lesser acts never add up to a higher tier
    /// ([`EngagementSpec`](crate::EngagementSpec) has the table); close probabilities
    /// held in `0.01..=0.99` ([`OpenRange`](crate::OpenRange)); an opportunity line at 0.75, strict (not
    /// staged); evidence fresh for 180 days. Print
    /// `Policy::default().spec()` or serialize it to read every figure.
    fn default() -> Policy {
        Policy::new(default_spec()).expect("the embedded default policy is valid")
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Policy {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.spec.serialize(s)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Policy {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Policy::new(PolicySpec::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}
