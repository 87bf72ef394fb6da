//! The scoring engine: a compiled policy evaluated with integer arithmetic.
//!
//! [`Policy::new`](crate::Policy::new) compiles every weight, number of points, threshold
//! and probability into an `i64` at a common scale of four decimal places ([`ONE`] is 1).
//! Scoring adds and compares those integers and converts to [`Decimal`] only at the end, so
//! results are exact, identical on every machine, and the score-only path allocates nothing.
//!
//! One generic walk serves both paths: [`Policy::assess`](crate::Policy::assess) runs it
//! with a sink that records nothing (the compiler removes the calls), and
//! [`Policy::explain`](crate::Policy::explain) runs the *same* walk with a sink that writes
//! an [`Explanation`](crate::Explanation). The two cannot disagree.

use std::collections::BTreeMap;
use std::sync::Arc;

use core::cmp::Ordering;
use core::fmt;

use rust_decimal::Decimal;

use crate::evidence::{Access, BudgetStatus};
use crate::explain::{Notes, Observed};
use crate::policy::Field;
use crate::profile::{Profile, Seniority, Signal, SignalKind, Value};
use crate::values::{Probability, Timestamp};

/// 1 at the engine's fixed scale of four decimal places.
pub(crate) const ONE: i64 = 10_000;

/// `value` at the fixed scale, as an exact [`Decimal`] without trailing zeros.
///
/// The same mantissa and scale as `Decimal::new(value, 4).normalize()`, with the trailing
/// zeros stripped in `i64` arithmetic rather than by 96-bit division.
pub(crate) fn to_decimal(value: i64) -> Decimal {
    let mut mantissa = value;
    let mut scale = 4;
    while scale > 0 && mantissa % 10 == 0 {
        mantissa /= 10;
        scale -= 1;
    }
    Decimal::new(mantissa, scale)
}

/// An engagement tier of a lead, in increasing order of intent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Tier {
    /// Information qualified: gave contact details to get content.
    Iql,
    /// Marketing qualified: asked about the offer.
    Mql,
    /// Sales qualified: requested a trial or a demo.
    Sql,
}

impl Tier {
    /// `IQL`, `MQL` or `SQL`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Tier::Iql => "IQL",
            Tier::Mql => "MQL",
            Tier::Sql => "SQL",
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The score-only result of [`Policy::assess`](crate::Policy::assess): small, `Copy`, and
/// built without allocating.
///
/// Fit and engagement are separate scores: a perfect-fit company that never engaged is no
/// SQL, and an eager student is no fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Assessment {
    pub(crate) fit: i64,
    pub(crate) met: u32,
    pub(crate) knockouts_hit: u32,
    pub(crate) fit_passed: bool,
    pub(crate) engagement: i64,
    pub(crate) tier: Option<Tier>,
}

impl Assessment {
    /// The fit score: the weights of the criteria met.
    pub fn fit_score(&self) -> Decimal {
        to_decimal(self.fit)
    }

    /// How many fit criteria were met.
    pub fn criteria_met(&self) -> u32 {
        self.met
    }

    /// How many knockouts hit.
    pub fn knockouts_hit(&self) -> u32 {
        self.knockouts_hit
    }

    /// Whether fit passes (knockouts aside): the policy's pass rule holds and every
    /// required criterion is met.
    pub fn fit_passed(&self) -> bool {
        self.fit_passed
    }

    /// Whether the lead qualifies as a prospect: fit passes and no knockout hit.
    pub fn qualifies(&self) -> bool {
        self.fit_passed && self.knockouts_hit == 0
    }

    /// The engagement score, after decay.
    pub fn engagement_score(&self) -> Decimal {
        to_decimal(self.engagement)
    }

    /// The engagement tier, or `None` below IQL.
    pub fn tier(&self) -> Option<Tier> {
        self.tier
    }
}

/// Which profile field a compiled rule reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    Employees,
    AnnualRevenue,
    Industry,
    Country,
    JobTitle,
    Seniority,
    Custom(Box<str>),
}

impl Source {
    /// The source of `field`.
    pub(crate) fn of(field: &Field) -> Source {
        match field {
            Field::Employees => Source::Employees,
            Field::AnnualRevenue => Source::AnnualRevenue,
            Field::Industry => Source::Industry,
            Field::Country => Source::Country,
            Field::JobTitle => Source::JobTitle,
            Field::Seniority => Source::Seniority,
            Field::Custom(name) => Source::Custom(name.as_str().into()),
        }
    }

    /// The field's value in `p`, for an explanation.
    pub(crate) fn read(&self, p: &Profile) -> Observed {
        let text = |t: &Option<String>| t.clone().map_or(Observed::Missing, Observed::Text);
        match self {
            Source::Employees => p
                .employees
                .map_or(Observed::Missing, |n| Observed::Number(n.into())),
            Source::AnnualRevenue => p.annual_revenue.map_or(Observed::Missing, Observed::Number),
            Source::Industry => text(&p.industry),
            Source::Country => text(&p.country),
            Source::JobTitle => text(&p.job_title),
            Source::Seniority => p.seniority.map_or(Observed::Missing, Observed::Seniority),
            Source::Custom(name) => match p.custom.get(&**name) {
                None => Observed::Missing,
                Some(Value::Text(t)) => Observed::Text(t.clone()),
                Some(Value::Number(n)) => Observed::Number(*n),
                Some(Value::Bool(b)) => Observed::Flag(*b),
            },
        }
    }
}

/// The text values of one field's rules, compared ignoring ASCII case, each mapped to the
/// bits of the rules that list it: one lookup answers every rule on the field.
///
/// A value shorter than 16 bytes is lowercased and packed with its length into one `u128`
/// [`key`]; two texts are equal ignoring ASCII case exactly when their keys are. The keys
/// sit in a small open-addressing hash table (a power of two in size, at most half full),
/// so a lookup lowercases the seen text once, hashes it with one multiplication, and
/// compares one or two integers. Longer values are kept as they are and compared byte by
/// byte.
#[derive(Clone, Debug)]
struct TextMap {
    /// Values in the table and in `long`.
    len: usize,
    table: Box<[(u128, Hits)]>,
    /// 64 minus the base-2 logarithm of the table's length.
    shift: u32,
    long: Box<[(Box<str>, Hits)]>,
}

/// A free place in a [`TextMap`]'s table: no key has a length byte of 0xff.
const FREE: u128 = u128::MAX;

impl Default for TextMap {
    fn default() -> TextMap {
        TextMap::new(Vec::new())
    }
}

impl TextMap {
    fn new(values: Vec<(&str, Hits)>) -> TextMap {
        let mut short: Vec<(u128, Hits)> = Vec::new();
        let mut long: Vec<(Box<str>, Hits)> = Vec::new();
        for (v, bits) in values {
            match key(v) {
                Some(k) => short.push((k, bits)),
                None => long.push((v.into(), bits)),
            }
        }
        short.sort_unstable_by_key(|(k, _)| *k);
        short.dedup_by(|(k, bits), (first, all)| {
            let same = k == first;
            if same {
                *all |= *bits;
            }
            same
        });
        let size = (2 * short.len()).next_power_of_two().max(2);
        let mut map = TextMap {
            len: short.len() + long.len(),
            table: vec![(FREE, 0); size].into_boxed_slice(),
            shift: 64 - size.trailing_zeros(),
            long: long.into_boxed_slice(),
        };
        for (k, bits) in short {
            let mut i = map.home(k);
            while let Some(place) = map.table.get_mut(i) {
                if place.0 == FREE {
                    *place = (k, bits);
                    break;
                }
                i = (i + 1) & (size - 1);
            }
        }
        map
    }

    /// Whether no rule lists a value (say the field only has `present` rules).
    #[inline(always)]
    fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Where the search for `key` starts.
    #[inline(always)]
    fn home(&self, key: u128) -> usize {
        let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(31);
        (folded.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// The bits of the rules whose values include `text`.
    #[inline(always)]
    fn get(&self, text: &str) -> Hits {
        let Some(k) = key(text) else {
            return self
                .long
                .iter()
                .filter(|(v, _)| v.eq_ignore_ascii_case(text))
                .fold(0, |hits, (_, bits)| hits | bits);
        };
        let mask = self.table.len() - 1;
        let mut i = self.home(k);
        // At most half full, so a free place ends every search.
        while let Some(&(place, bits)) = self.table.get(i) {
            if place == k {
                return bits;
            }
            if place == FREE {
                return 0;
            }
            i = (i + 1) & mask;
        }
        0
    }
}

/// The key of a text shorter than 16 bytes: its bytes lowercased and zero-padded, with its
/// length in the last byte. Read with two overlapping loads rather than byte by byte.
#[inline(always)]
fn key(text: &str) -> Option<u128> {
    let b = text.as_bytes();
    let len = b.len();
    let raw = if len >= 16 {
        return None;
    } else if let (Some(first), Some(last)) = (b.first_chunk::<8>(), b.last_chunk::<8>()) {
        // 8 to 15 bytes: shift out the bytes the last eight share with the first eight.
        let tail = u64::from_le_bytes(*last)
            .checked_shr(8 * (16 - len as u32))
            .unwrap_or(0);
        u128::from(u64::from_le_bytes(*first)) | u128::from(tail) << 64
    } else if let (Some(first), Some(last)) = (b.first_chunk::<4>(), b.last_chunk::<4>()) {
        let tail = u32::from_le_bytes(*last)
            .checked_shr(8 * (8 - len as u32))
            .unwrap_or(0);
        u128::from(u32::from_le_bytes(*first)) | u128::from(tail) << 32
    } else {
        b.iter().rev().fold(0, |acc, &c| acc << 8 | u128::from(c))
    };
    Some(ascii_lowercase(raw) | (len as u128) << 120)
}

/// Every byte of `x` as [`u8::to_ascii_lowercase`] maps it, sixteen at once.
#[inline]
fn ascii_lowercase(x: u128) -> u128 {
    const ONES: u128 = u128::MAX / 0xff;
    const HIGH: u128 = ONES * 0x80;
    // Per byte, with the high bit cleared so no sum carries into the next byte: the high
    // bit of `from_a` is set when the byte is at least 'A', that of `past_z` when above 'Z'.
    let low = x & !HIGH;
    let from_a = low + ONES * u128::from(0x80 - b'A');
    let past_z = low + ONES * u128::from(0x7f - b'Z');
    let upper = from_a & !past_z & !x & HIGH;
    x | upper >> 2
}

/// A compiled condition. [`Test::range`] and [`Test::numbers`] give the integer field
/// (employees) its own integer tests, so no [`Decimal`] is built to score it.
#[derive(Clone, Debug)]
pub(crate) enum Test {
    Present,
    Absent,
    /// Equals one of these: text ignoring ASCII case, numbers by value, flags by index.
    AnyOf {
        text: Box<[Box<str>]>,
        numbers: Box<[Decimal]>,
        flags: [bool; 2],
    },
    /// An integer equal to one of these.
    IntAnyOf(Box<[i64]>),
    /// Seniorities as a bit set.
    Seniority(u8),
    /// A number within these bounds, both inclusive.
    Range {
        min: Option<Decimal>,
        max: Option<Decimal>,
    },
    /// An integer within these bounds, both inclusive.
    IntRange {
        min: i64,
        max: i64,
    },
}

impl Test {
    /// A range condition on `field`. An integer meets a decimal bound exactly when it meets
    /// that bound rounded inward to a whole number.
    pub(crate) fn range(field: &Field, min: Option<Decimal>, max: Option<Decimal>) -> Test {
        if *field != Field::Employees {
            return Test::Range { min, max };
        }
        let whole = |bound: Decimal| {
            i64::try_from(bound).unwrap_or(if bound.is_sign_negative() {
                i64::MIN
            } else {
                i64::MAX
            })
        };
        Test::IntRange {
            min: min.map_or(i64::MIN, |m| whole(m.ceil())),
            max: max.map_or(i64::MAX, |m| whole(m.floor())),
        }
    }

    /// An equality condition on numeric `field` with these values. An integer equals a
    /// decimal exactly when the decimal is whole and of the same value.
    pub(crate) fn numbers(field: &Field, numbers: Vec<Decimal>) -> Test {
        if *field != Field::Employees {
            return Test::AnyOf {
                text: Box::default(),
                numbers: numbers.into_boxed_slice(),
                flags: [false; 2],
            };
        }
        Test::IntAnyOf(
            numbers
                .into_iter()
                .filter(|n| n.fract().is_zero())
                .filter_map(|n| i64::try_from(n).ok())
                .collect(),
        )
    }
}

/// `n` compared with `bound`: by mantissa when their scales agree (no rescaling), else as
/// [`Decimal`] compares.
#[inline]
fn compare(n: &Decimal, bound: &Decimal) -> Ordering {
    if n.scale() == bound.scale() {
        n.mantissa().cmp(&bound.mantissa())
    } else {
        n.cmp(bound)
    }
}

/// A compiled criterion or knockout: the field it reads and the points it earns. Its test
/// is evaluated as part of the policy's [`Plan`].
#[derive(Clone, Debug)]
pub(crate) struct Rule {
    source: Source,
    test: Test,
    points: i64,
}

impl Rule {
    pub(crate) fn new(field: &Field, test: Test, points: i64) -> Rule {
        Rule {
            source: Source::of(field),
            test,
            points,
        }
    }
}

/// Which rules hold, as bits: criterion `i` is bit `i`, knockout `i` is bit `64 + i` (a
/// policy has at most 64 of each).
type Hits = u128;

/// The bit of knockout 0.
const KNOCKOUTS: u32 = 64;

/// The rules on one field: those that hold whenever it has a value (`present`), those that
/// hold when it has none (`absent`), and what its value must be for the others.
#[derive(Clone, Debug, Default)]
struct Group<T> {
    present: Hits,
    absent: Hits,
    values: T,
}

/// The number tests on one field, each with its rule's bit.
type NumberTests<T> = Vec<(Hits, T)>;

/// A test on the integer field, employees.
#[derive(Clone, Debug)]
enum IntTest {
    /// Within these bounds, both inclusive.
    Range {
        min: i64,
        max: i64,
    },
    AnyOf(Box<[i64]>),
}

/// A test on a decimal: annual revenue, or a custom attribute's number.
#[derive(Clone, Debug)]
enum NumTest {
    Range {
        min: Option<Decimal>,
        max: Option<Decimal>,
    },
    AnyOf(Box<[Decimal]>),
}

/// What a custom attribute must be, by the type of its value.
#[derive(Clone, Debug, Default)]
struct CustomValues {
    text: TextMap,
    numbers: NumberTests<NumTest>,
    /// The rules that hold for `false` and for `true`.
    flags: [Hits; 2],
}

/// Profiles with at most this many custom attributes are walked in order beside the
/// policy's sorted custom names; larger ones are searched name by name.
const MERGE_LIMIT: usize = 32;

/// Every criterion and knockout of a policy, indexed by the field it reads and the value
/// that meets it.
///
/// Evaluating a profile reads each field once: a text is lowercased and looked up once
/// for all the rules on its field, a seniority or a flag indexes a table, numbers run a
/// short loop of integer (or same-scale mantissa) comparisons, and every custom attribute
/// is found in one ordered walk beside the profile's sorted map. The result is a bit per
/// rule; nothing is dispatched rule by rule.
#[derive(Clone, Debug, Default)]
pub(crate) struct Plan {
    employees: Group<NumberTests<IntTest>>,
    revenue: Group<NumberTests<NumTest>>,
    industry: Group<TextMap>,
    country: Group<TextMap>,
    job_title: Group<TextMap>,
    /// By seniority level, every rule that holds for it (`present` included).
    seniority: Group<[Hits; Seniority::ALL.len()]>,
    /// Sorted by name.
    custom: Box<[(Box<str>, Group<CustomValues>)]>,
    /// The rules that hold on a profile without custom attributes.
    custom_absent: Hits,
}

impl Plan {
    pub(crate) fn new(criteria: &[Rule], knockouts: &[Rule]) -> Plan {
        let mut plan = Plan::default();
        // Text values with their rules' bits, gathered per field before they are indexed.
        type Texts<'a> = Vec<(&'a str, Hits)>;
        let mut text: [Texts<'_>; 3] = Default::default();
        let mut custom: BTreeMap<&str, (Group<CustomValues>, Texts<'_>)> = BTreeMap::new();
        let criteria = criteria.iter().zip(0..);
        let knockouts = knockouts.iter().zip(KNOCKOUTS..);
        for (rule, bit) in criteria.chain(knockouts) {
            let bit: Hits = 1 << bit;
            let test = &rule.test;
            let (present, absent) = match test {
                Test::Present => (bit, 0),
                Test::Absent => (0, bit),
                _ => (0, 0),
            };
            // Any pairing of field and test not listed here is never built, and would never
            // hold (as a rule on the wrong type of value never does).
            match &rule.source {
                Source::Employees => {
                    let g = &mut plan.employees;
                    (g.present, g.absent) = (g.present | present, g.absent | absent);
                    match test {
                        Test::IntRange { min, max } => {
                            g.values.push((bit, IntTest::Range { min: *min, max: *max }))
                        }
                        Test::IntAnyOf(numbers) => g.values.push((bit, IntTest::AnyOf(numbers.clone()))),
                        _ => {}
                    }
                }
                Source::AnnualRevenue => {
                    let g = &mut plan.revenue;
                    (g.present, g.absent) = (g.present | present, g.absent | absent);
                    if let Some(t) = number_test(test) {
                        g.values.push((bit, t));
                    }
                }
                source @ (Source::Industry | Source::Country | Source::JobTitle) => {
                    let (g, values) = match source {
                        Source::Industry => (&mut plan.industry, &mut text[0]),
                        Source::Country => (&mut plan.country, &mut text[1]),
                        _ => (&mut plan.job_title, &mut text[2]),
                    };
                    (g.present, g.absent) = (g.present | present, g.absent | absent);
                    if let Test::AnyOf { text, .. } = test {
                        values.extend(text.iter().map(|v| (&**v, bit)));
                    }
                }
                Source::Seniority => {
                    let g = &mut plan.seniority;
                    (g.present, g.absent) = (g.present | present, g.absent | absent);
                    for (level, hits) in g.values.iter_mut().enumerate() {
                        let listed = matches!(test, Test::Seniority(mask) if mask & (1 << level) != 0);
                        if present != 0 || listed {
                            *hits |= bit;
                        }
                    }
                }
                Source::Custom(name) => {
                    let (g, values) = custom.entry(name).or_default();
                    (g.present, g.absent) = (g.present | present, g.absent | absent);
                    if let Some(t) = number_test(test) {
                        g.values.numbers.push((bit, t));
                    }
                    if let Test::AnyOf { text, flags, .. } = test {
                        values.extend(text.iter().map(|v| (&**v, bit)));
                        for (hits, listed) in g.values.flags.iter_mut().zip(flags) {
                            if *listed {
                                *hits |= bit;
                            }
                        }
                    }
                }
            }
        }
        let [industry, country, job_title] = text;
        plan.industry.values = TextMap::new(industry);
        plan.country.values = TextMap::new(country);
        plan.job_title.values = TextMap::new(job_title);
        plan.custom = custom
            .into_iter()
            .map(|(name, (mut g, text))| {
                g.values.text = TextMap::new(text);
                (name.into(), g)
            })
            .collect();
        plan.custom_absent = plan.custom.iter().fold(0, |hits, (_, g)| hits | g.absent);
        plan
    }

    /// The bits of every rule that holds for `p`.
    #[inline(always)]
    fn hits(&self, p: &Profile) -> Hits {
        let seniority = &self.seniority;
        let seniority = p.seniority.map_or(seniority.absent, |s| {
            seniority.values.get(s as usize).copied().unwrap_or(0)
        });
        number_hits(&self.employees, p.employees.map(i64::from), int_holds)
            | number_hits(&self.revenue, p.annual_revenue.as_ref(), number_holds)
            | text_hits(&self.industry, p.industry.as_deref())
            | text_hits(&self.country, p.country.as_deref())
            | text_hits(&self.job_title, p.job_title.as_deref())
            | seniority
            | self.custom_hits(&p.custom)
    }

    #[inline(always)]
    fn custom_hits(&self, custom: &BTreeMap<String, Value>) -> Hits {
        if self.custom.is_empty() || custom.is_empty() {
            return self.custom_absent;
        }
        let mut hits = 0;
        if custom.len() > MERGE_LIMIT {
            for (name, group) in &self.custom {
                hits |= custom_value_hits(group, custom.get(&**name));
            }
            return hits;
        }
        let mut entries = custom.iter();
        let mut entry = entries.next();
        for (name, group) in &self.custom {
            let mut found = None;
            while let Some((key, value)) = entry {
                match compare_bytes(key.as_bytes(), name.as_bytes()) {
                    Ordering::Less => entry = entries.next(),
                    Ordering::Equal => {
                        found = Some(value);
                        entry = entries.next();
                        break;
                    }
                    Ordering::Greater => break,
                }
            }
            hits |= custom_value_hits(group, found);
        }
        hits
    }
}

/// `test` as a test on a decimal, if it is one.
fn number_test(test: &Test) -> Option<NumTest> {
    match test {
        Test::Range { min, max } => Some(NumTest::Range { min: *min, max: *max }),
        Test::AnyOf { numbers, .. } if !numbers.is_empty() => Some(NumTest::AnyOf(numbers.clone())),
        _ => None,
    }
}

/// The bits of a numeric field's rules.
#[inline(always)]
fn number_hits<T, V: Copy>(
    group: &Group<NumberTests<T>>,
    value: Option<V>,
    holds: fn(&T, V) -> bool,
) -> Hits {
    match value {
        None => group.absent,
        Some(v) => {
            let mut hits = group.present;
            for (bit, test) in &group.values {
                if holds(test, v) {
                    hits |= bit;
                }
            }
            hits
        }
    }
}

/// The bits of a text field's rules.
#[inline(always)]
fn text_hits(group: &Group<TextMap>, text: Option<&str>) -> Hits {
    match text {
        None => group.absent,
        Some(_) if group.values.is_empty() => group.present,
        Some(t) => group.present | group.values.get(t),
    }
}

/// The bits of a custom attribute's rules.
#[inline(always)]
fn custom_value_hits(group: &Group<CustomValues>, value: Option<&Value>) -> Hits {
    let values = &group.values;
    match value {
        None => group.absent,
        Some(Value::Text(t)) => group.present | values.text.get(t),
        Some(Value::Number(n)) => group.present | number_hits_of(&values.numbers, n),
        Some(Value::Bool(b)) => group.present | values.flags[usize::from(*b)],
    }
}

#[inline(always)]
fn number_hits_of(tests: &[(Hits, NumTest)], n: &Decimal) -> Hits {
    let mut hits = 0;
    for (bit, test) in tests {
        if number_holds(test, n) {
            hits |= bit;
        }
    }
    hits
}

/// `a.cmp(b)`, inline: attribute names are short, and a call to the C library's `memcmp`
/// costs more than comparing them here eight bytes at a time.
#[inline(always)]
fn compare_bytes(a: &[u8], b: &[u8]) -> Ordering {
    let common = a.len().min(b.len());
    let (a_head, b_head) = (a.get(..common).unwrap_or(a), b.get(..common).unwrap_or(b));
    let (a8, b8) = (a_head.chunks_exact(8), b_head.chunks_exact(8));
    let (a_tail, b_tail) = (a8.remainder(), b8.remainder());
    for (x, y) in a8.zip(b8) {
        let x = x.first_chunk::<8>().map_or(0, |x| u64::from_be_bytes(*x));
        let y = y.first_chunk::<8>().map_or(0, |y| u64::from_be_bytes(*y));
        if x != y {
            return x.cmp(&y);
        }
    }
    for (x, y) in a_tail.iter().zip(b_tail) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

#[inline(always)]
fn int_holds(test: &IntTest, n: i64) -> bool {
    match test {
        IntTest::Range { min, max } => (*min..=*max).contains(&n),
        IntTest::AnyOf(numbers) => numbers.contains(&n),
    }
}

#[inline(always)]
fn number_holds(test: &NumTest, n: &Decimal) -> bool {
    match test {
        NumTest::Range { min, max } => in_range(n, min, max),
        NumTest::AnyOf(numbers) => numbers.contains(n),
    }
}

#[inline(always)]
fn in_range(n: &Decimal, min: &Option<Decimal>, max: &Option<Decimal>) -> bool {
    min.as_ref().is_none_or(|m| compare(n, m) != Ordering::Less)
        && max.as_ref().is_none_or(|m| compare(n, m) != Ordering::Greater)
}

/// Compiled decay, in seconds.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Decay {
    None,
    /// A half-life `h`, with `h` and `2h` ready to divide by.
    HalfLife {
        h: Divisor,
        span: Divisor,
    },
    Window(i64),
}

impl Decay {
    /// A half-life of `h` seconds, or `None` unless `h` is positive.
    pub(crate) fn half_life(h: i64) -> Option<Decay> {
        let h = u64::try_from(h).ok()?;
        Some(Decay::HalfLife {
            h: Divisor::new(h)?,
            span: Divisor::new(h.checked_mul(2)?)?,
        })
    }

    /// `points` after `age` seconds (`age >= 0`, `points >= 0`). Half-lives halve per whole
    /// half-life and fall linearly within one, so the result never rises with age.
    pub(crate) fn apply(self, points: i64, age: i64) -> i64 {
        match self {
            Decay::None => points,
            Decay::Window(window) => {
                if age > window {
                    0
                } else {
                    points
                }
            }
            Decay::HalfLife { h, span } => {
                let (Ok(age), Ok(whole)) = (u64::try_from(age), u64::try_from(points)) else {
                    return 0;
                };
                let halvings = h.divide(age);
                if halvings >= 63 {
                    return 0;
                }
                let whole = whole >> halvings;
                let left = span.get() - (age - halvings * h.get());
                // whole * (1 - into / 2h) = whole * left / 2h, exact up to truncation toward
                // zero; in u64 when the product fits (it does unless points and half-life
                // are both near their limits), else in u128.
                let decayed = match whole.checked_mul(left) {
                    Some(product) => span.divide(product),
                    None => {
                        let v = u128::from(whole) * u128::from(left) / u128::from(span.get());
                        u64::try_from(v).unwrap_or(0)
                    }
                };
                i64::try_from(decayed).unwrap_or(0)
            }
        }
    }
}

/// A positive divisor fixed when a policy compiles, with its reciprocal, so that dividing by
/// it costs a multiplication and a comparison instead of a hardware division: `idiv` was
/// the slowest instruction of the decay, about a sixth of `assess` on the benchmark lead.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Divisor {
    d: u64,
    /// `floor((2^64 - 1) / d)`.
    inverse: u64,
}

impl Divisor {
    /// `d` as a divisor, unless it is zero.
    pub(crate) fn new(d: u64) -> Option<Divisor> {
        Some(Divisor {
            d,
            inverse: u64::MAX.checked_div(d)?,
        })
    }

    /// The divisor.
    pub(crate) fn get(self) -> u64 {
        self.d
    }

    /// `n / d`, rounded down, exactly as `/` computes it.
    ///
    /// With `m = inverse`, `m·d < 2^64`, so `q = floor(n·m / 2^64)` is at most `n / d`;
    /// and `m·d > 2^64 - 1 - d`, so `n·m / 2^64 > n/d - 1/d - 1`: `q` falls short of the
    /// quotient by at most two, and the loop, which compares the remainder with `d`, adds
    /// what is missing (in practice, at most once).
    pub(crate) fn divide(self, n: u64) -> u64 {
        let mut q = ((u128::from(n) * u128::from(self.inverse)) >> 64) as u64;
        // `q <= n / d`, so neither the product nor the difference wraps.
        let mut r = n - q * self.d;
        while r >= self.d {
            q += 1;
            r -= self.d;
        }
        q
    }
}

/// The compiled close-probability model; every figure at the fixed scale.
#[derive(Clone, Debug)]
pub(crate) struct ProbabilityModel {
    pub(crate) base: i64,
    pub(crate) budget_approved: i64,
    pub(crate) budget_sought: i64,
    pub(crate) decision_maker: i64,
    pub(crate) champion: i64,
    /// (seconds, adjustment)
    pub(crate) within: Option<(i64, i64)>,
    /// (minimum fit score, adjustment)
    pub(crate) strong_fit: Option<(i64, i64)>,
    pub(crate) tier: [i64; 3],
    /// The open range `(min, max)`, with `0 < min <= max < ONE`.
    pub(crate) open: (i64, i64),
}

/// A validated policy in the form the engine runs.
#[derive(Clone, Debug)]
pub(crate) struct Compiled {
    pub(crate) criteria: Box<[Rule]>,
    pub(crate) knockouts: Box<[Rule]>,
    /// The criteria's and knockouts' tests, grouped by field.
    pub(crate) plan: Plan,
    pub(crate) min_score: Option<i64>,
    pub(crate) min_met: Option<u32>,
    pub(crate) require_all: bool,
    /// The bits of the required criteria: fit passes only when every one of them holds.
    pub(crate) required: u64,
    /// Points of each known kind, at its index in `SignalKind::KNOWN`.
    pub(crate) known_points: [i64; SignalKind::KNOWN.len()],
    /// Custom signal kinds, sorted by name for binary search.
    pub(crate) custom_points: Box<[(Box<str>, i64)]>,
    pub(crate) decay: Decay,
    pub(crate) tiers: [i64; 3],
    pub(crate) model: ProbabilityModel,
    pub(crate) threshold: i64,
    /// The policy's text, ready for explanations.
    pub(crate) notes: Arc<Notes>,
}

/// Receives each step of an evaluation, criteria and knockouts each in policy order. The
/// `()` sink ignores them all and compiles away. (The values the rules saw are read by the
/// explanation itself, once per field, not once per rule.)
pub(crate) trait Sink {
    fn criterion(&mut self, _met: bool, _points: i64) {}
    fn knockout(&mut self, _hit: bool) {}
    fn signal(&mut self, _index: usize, _base: i64, _counted: i64, _age: i64) {}
    fn adjustment(&mut self, _name: &'static str, _value: i64) {}
    /// The model's sum, when it lay outside the open range and was held at its nearer end.
    fn clamped(&mut self, _sum: i64) {}
}

impl Sink for () {}

/// What the close-probability model reads from a record.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Deal<'a> {
    pub(crate) budget: Option<&'a BudgetStatus>,
    pub(crate) access: Option<Access>,
    pub(crate) decide_by: Option<Timestamp>,
}

impl Compiled {
    /// The fit part: score, criteria met, knockouts hit, and whether fit passes (the pass
    /// rule holds and every required criterion is met).
    pub(crate) fn fit<S: Sink>(&self, profile: &Profile, sink: &mut S) -> (i64, u32, u32, bool) {
        let hits = self.plan.hits(profile);
        let mut score = 0_i64;
        let mut met = 0_u32;
        let mut bits = hits as u64;
        for rule in &self.criteria {
            let hit = bits & 1 == 1;
            bits >>= 1;
            // Weights are bounded at validation, so the sum cannot overflow; saturate anyway.
            let points = if hit { rule.points } else { 0 };
            score = score.saturating_add(points);
            met += u32::from(hit);
            sink.criterion(hit, points);
        }
        let mut bits = (hits >> KNOCKOUTS) as u64;
        for _ in &self.knockouts {
            let hit = bits & 1 == 1;
            bits >>= 1;
            sink.knockout(hit);
        }
        // Knockouts seldom hit: count the bits set one by one (`count_ones` is a long
        // sequence without the `popcnt` instruction, which baseline x86-64 lacks).
        let mut bits = (hits >> KNOCKOUTS) as u64;
        let mut knocked = 0_u32;
        while bits != 0 {
            bits &= bits - 1;
            knocked += 1;
        }
        let required_met = (hits as u64 & self.required) == self.required;
        (score, met, knocked, required_met && self.pass_rule(score, met))
    }

    /// Whether the pass rule (`fit.pass`) holds for this score and count of criteria met,
    /// required criteria aside.
    #[inline(always)]
    pub(crate) fn pass_rule(&self, score: i64, met: u32) -> bool {
        let by_score = self.min_score.map(|m| score >= m);
        let by_count = self.min_met.map(|m| met >= m);
        match (by_score, by_count) {
            (Some(a), Some(b)) if self.require_all => a && b,
            (Some(a), Some(b)) => a || b,
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => false,
        }
    }

    #[inline(always)]
    fn signal_points(&self, signal: &Signal) -> i64 {
        match signal.kind.known_index() {
            Some(i) => self.known_points[i],
            None => {
                let name = match &signal.kind {
                    SignalKind::Custom(name) => name.as_str(),
                    _ => return 0,
                };
                self.custom_points
                    .binary_search_by(|(k, _)| (**k).cmp(name))
                    .map_or(0, |i| self.custom_points[i].1)
            }
        }
    }

    /// The engagement score at `now`. Signals after `now` do not count.
    pub(crate) fn engagement<S: Sink>(&self, signals: &[Signal], now: Timestamp, sink: &mut S) -> i64 {
        let mut total = 0_i64;
        for (i, signal) in signals.iter().enumerate() {
            let base = self.signal_points(signal);
            let age = now.seconds_since(signal.at);
            let counted = if age < 0 { 0 } else { self.decay.apply(base, age) };
            total = total.saturating_add(counted);
            sink.signal(i, base, counted, age);
        }
        total
    }

    pub(crate) fn tier(&self, engagement: i64) -> Option<Tier> {
        let [iql, mql, sql] = self.tiers;
        if engagement >= sql {
            Some(Tier::Sql)
        } else if engagement >= mql {
            Some(Tier::Mql)
        } else if engagement >= iql {
            Some(Tier::Iql)
        } else {
            None
        }
    }

    pub(crate) fn assess<S: Sink>(
        &self,
        profile: &Profile,
        signals: &[Signal],
        now: Timestamp,
        sink: &mut S,
    ) -> Assessment {
        let (fit, met, knockouts_hit, fit_passed) = self.fit(profile, sink);
        let engagement = self.engagement(signals, now, sink);
        Assessment {
            fit,
            met,
            knockouts_hit,
            fit_passed,
            engagement,
            tier: self.tier(engagement),
        }
    }

    /// The close probability at `now`, held in the policy's open range, as a fixed-scale
    /// integer.
    pub(crate) fn probability<S: Sink>(
        &self,
        deal: Deal<'_>,
        assessment: &Assessment,
        now: Timestamp,
        sink: &mut S,
    ) -> i64 {
        let m = &self.model;
        let mut p = m.base;
        let mut add = |name: &'static str, value: i64| {
            p += value;
            sink.adjustment(name, value);
        };
        match deal.budget {
            Some(BudgetStatus::Approved { .. }) => add("budget approved", m.budget_approved),
            Some(BudgetStatus::Sought { .. }) => add("budget sought", m.budget_sought),
            None => {}
        }
        match deal.access {
            Some(Access::DecisionMaker) => add("decision maker engaged", m.decision_maker),
            Some(Access::Champion) => add("champion engaged", m.champion),
            None => {}
        }
        if let (Some((window, adjust)), Some(date)) = (m.within, deal.decide_by) {
            let ahead = date.seconds_since(now);
            if (0..=window).contains(&ahead) {
                add("decision date near", adjust);
            }
        }
        if let Some((min, adjust)) = m.strong_fit
            && assessment.fit >= min
        {
            add("strong fit", adjust);
        }
        match assessment.tier {
            Some(Tier::Iql) => add("engagement IQL", m.tier[0]),
            Some(Tier::Mql) => add("engagement MQL", m.tier[1]),
            Some(Tier::Sql) => add("engagement SQL", m.tier[2]),
            None => {}
        }
        // At most eight adjustments of magnitude <= 1 each: no overflow is possible. The
        // range is checked at compile time; `max` then `min` cannot panic even if it were not.
        let (min, max) = m.open;
        let held = p.max(min).min(max);
        if held != p {
            sink.clamped(p);
        }
        held
    }

    pub(crate) fn threshold(&self) -> Probability {
        Probability::new(to_decimal(self.threshold)).unwrap_or(Probability::ONE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bit_of_a_full_policy_counts() {
        use crate::policy::{Condition, CriterionSpec, KnockoutSpec, Policy, limits};
        let mut spec = Policy::default().spec().clone();
        let field = |i: usize| match i % 3 {
            0 => Field::Employees,
            1 => Field::Custom(format!("f{i}")),
            _ => Field::Industry,
        };
        spec.fit.criteria = (0..limits::MAX_CRITERIA)
            .map(|i| CriterionSpec {
                name: format!("c{i}"),
                field: field(i),
                condition: if i % 2 == 0 {
                    Condition::Present
                } else {
                    Condition::Absent
                },
                weight: Decimal::from(i),
                required: false,
            })
            .collect();
        spec.fit.knockouts = (0..limits::MAX_KNOCKOUTS)
            .map(|i| KnockoutSpec {
                name: format!("k{i}"),
                field: field(i),
                condition: if i % 2 == 1 {
                    Condition::Present
                } else {
                    Condition::Absent
                },
            })
            .collect();
        spec.fit.pass.min_met = Some(1);
        let policy = Policy::new(spec).unwrap();
        let now = Timestamp::from_unix_seconds(0).unwrap();
        let mut profile = Profile {
            employees: Some(1),
            industry: Some("x".into()),
            ..Profile::default()
        };
        for i in 0..limits::MAX_CRITERIA {
            profile.custom.insert(format!("f{i}"), Value::Bool(true));
        }
        // Every field is present: the even criteria and the odd knockouts hold.
        let a = policy.assess(&profile, &[], now);
        let e = policy.explain(&profile, &[], now);
        let even: usize = (0..limits::MAX_CRITERIA).filter(|i| i % 2 == 0).sum();
        assert_eq!((a.criteria_met(), a.knockouts_hit()), (32, 32));
        assert_eq!(a.fit_score(), Decimal::from(even));
        assert_eq!(e.fit.score, a.fit_score());
        for (i, c) in e.fit.criteria().enumerate() {
            assert_eq!(c.met, i % 2 == 0, "{i}");
        }
        for (i, k) in e.fit.knockouts().enumerate() {
            assert_eq!(k.hit, i % 2 == 1, "{i}");
        }
        // Nothing is present: the odd criteria and the even knockouts hold.
        let a = policy.assess(&Profile::default(), &[], now);
        assert_eq!((a.criteria_met(), a.knockouts_hit()), (32, 32));
        assert_eq!(a.fit_score(), Decimal::from(limits::MAX_CRITERIA * 63 / 2 - even));
        assert!(a.fit_passed());

        // A required criterion gates the pass rule at either end of the mask: an even one
        // holds when every field is present, an odd one when none is.
        for (i, holds_when_present) in [(0, true), (1, false), (62, true), (63, false)] {
            let mut spec = policy.spec().clone();
            spec.fit.criteria[i].required = true;
            let gated = Policy::new(spec).unwrap();
            let present = gated.assess(&profile, &[], now).fit_passed();
            let absent = gated.assess(&Profile::default(), &[], now).fit_passed();
            assert_eq!(
                (present, absent),
                (holds_when_present, !holds_when_present),
                "{i}"
            );
        }
    }

    #[test]
    fn lowercases_every_byte_as_u8_does() {
        for byte in 0..=u8::MAX {
            for at in 0..16 {
                let mut bytes = [b'Q'; 16];
                bytes[at] = byte;
                let mut want = bytes;
                want.make_ascii_lowercase();
                assert_eq!(
                    ascii_lowercase(u128::from_le_bytes(bytes)),
                    u128::from_le_bytes(want)
                );
            }
        }
    }

    #[test]
    fn keys_are_equal_exactly_when_texts_are_equal_ignoring_ascii_case() {
        let mut texts = vec![String::new()];
        for len in 1..18 {
            let base: String = "aZ@`[{é0\u{0}".chars().cycle().take(len).collect();
            texts.push(base.clone());
            texts.push(base.to_ascii_uppercase());
            texts.push(format!(
                "{}x",
                &base[..base.len() - base.chars().last().map_or(0, char::len_utf8)]
            ));
            texts.push("a".repeat(len));
            texts.push("A".repeat(len));
        }
        for a in &texts {
            for b in &texts {
                let (ka, kb) = (key(a), key(b));
                assert_eq!(ka.is_some(), a.len() < 16);
                if let (Some(ka), Some(kb)) = (ka, kb) {
                    assert_eq!(ka == kb, a.eq_ignore_ascii_case(b), "{a:?} {b:?}");
                }
                let map = TextMap::new(vec![(a.as_str(), 1), ("other", 2), (a.as_str(), 4)]);
                let want = if a.eq_ignore_ascii_case(b) { 5 } else { 0 };
                assert_eq!(map.get(b) & 5, want, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn to_decimal_strips_trailing_zeros_as_normalize_does() {
        for v in (-100_010..=100_010).chain([i64::MIN, i64::MAX, 10_000_000_000, -5_000]) {
            let want = Decimal::new(v, 4).normalize();
            let got = to_decimal(v);
            assert_eq!(
                (got.mantissa(), got.scale()),
                (want.mantissa(), want.scale()),
                "{v}"
            );
            assert_eq!(got.to_string(), want.to_string());
        }
    }

    #[test]
    fn divisors_divide_as_the_division_operator_does() {
        let mut x = 0x5EED_u64;
        let mut next = || {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            x
        };
        let mut divisors = vec![
            1,
            2,
            3,
            7,
            10,
            86_400,
            2 * 86_400,
            36_500 * 86_400,
            72_999 * 86_400,
        ];
        divisors.extend([u64::MAX, u64::MAX - 1, 1 << 63, (1 << 32) + 1]);
        divisors.extend((0..200).map(|_| next() >> (next() % 64)).filter(|d| *d > 0));
        for d in divisors {
            let div = Divisor::new(d).unwrap();
            let mut numerators = vec![0, 1, d - 1, d, d.saturating_add(1), u64::MAX, u64::MAX - 1];
            numerators.extend((1..=4).map(|k| d.saturating_mul(k)));
            numerators.extend((1..=4).map(|k| d.saturating_mul(k) - 1));
            numerators.extend((0..200).map(|_| next() >> (next() % 64)));
            // Multiples of d near the top of the range, where the estimate falls furthest.
            numerators.extend((0..3).map(|k| (u64::MAX / d).saturating_sub(k) * d));
            for n in numerators {
                assert_eq!(div.divide(n), n / d, "{n} / {d}");
            }
        }
        assert!(Divisor::new(0).is_none());
    }

    #[test]
    fn half_life_decay_agrees_with_i128_arithmetic() {
        let days = |d: i64| d * crate::values::SECONDS_PER_DAY;
        for h in [1, 7, 30, 36_500].map(days) {
            for points in [0, 1, 5 * ONE, 1_000_000 * ONE] {
                for age in [
                    0,
                    1,
                    h / 2,
                    h - 1,
                    h,
                    3 * h + 17,
                    62 * h,
                    63 * h,
                    days(36_500 * 70),
                ] {
                    let halvings = age / h;
                    let want = if halvings >= 63 {
                        0
                    } else {
                        let (whole, into, h) =
                            (i128::from(points >> halvings), i128::from(age % h), i128::from(h));
                        i64::try_from(whole * (2 * h - into) / (2 * h)).unwrap()
                    };
                    assert_eq!(Decay::half_life(h).unwrap().apply(points, age), want);
                }
            }
        }
    }
}
