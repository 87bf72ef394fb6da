//! [`Plan`]: every rule of a policy indexed by the field it reads, evaluated as bits.

use std::collections::BTreeMap;

use core::cmp::Ordering;

use rust_decimal::Decimal;

use crate::engine::field::FieldReader;
use crate::engine::rule::{Rule, Test, compare};
use crate::engine::text::TextMap;
use crate::profile::{Profile, Seniority, Value};

/// Which rules hold, as bits: criterion `i` is bit `i`, knockout `i` is bit `64 + i` (a
/// policy has at most 64 of each).
pub(crate) type Hits = u128;

/// The bit of knockout 0.
pub(crate) const KNOCKOUTS: u32 = 64;

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
    // One match over the fields: the table of how each field's rules are indexed, kept whole
    // so every field can be compared with the others at a glance.
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
                FieldReader::Employees => {
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
                FieldReader::AnnualRevenue => {
                    let g = &mut plan.revenue;
                    (g.present, g.absent) = (g.present | present, g.absent | absent);
                    if let Some(t) = number_test(test) {
                        g.values.push((bit, t));
                    }
                }
                source @ (FieldReader::Industry | FieldReader::Country | FieldReader::JobTitle) => {
                    let (g, values) = match source {
                        FieldReader::Industry => (&mut plan.industry, &mut text[0]),
                        FieldReader::Country => (&mut plan.country, &mut text[1]),
                        _ => (&mut plan.job_title, &mut text[2]),
                    };
                    (g.present, g.absent) = (g.present | present, g.absent | absent);
                    if let Test::AnyOf { text, .. } = test {
                        values.extend(text.iter().map(|v| (&**v, bit)));
                    }
                }
                FieldReader::Seniority => {
                    let g = &mut plan.seniority;
                    (g.present, g.absent) = (g.present | present, g.absent | absent);
                    for (level, hits) in g.values.iter_mut().enumerate() {
                        let listed = matches!(test, Test::Seniority(mask) if mask & (1 << level) != 0);
                        if present != 0 || listed {
                            *hits |= bit;
                        }
                    }
                }
                FieldReader::Custom(name) => {
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
    pub(crate) fn hits(&self, p: &Profile) -> Hits {
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
    pub(crate) fn custom_hits(&self, custom: &BTreeMap<String, Value>) -> Hits {
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
