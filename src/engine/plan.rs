//! [`Plan`]: every rule of a policy indexed by the field it reads. A field's value becomes
//! a code, and each code has one [`Entry`]: the rules it meets, with their points.

use std::collections::BTreeMap;

use core::cmp::Ordering;
use core::hash::{Hash, Hasher};

use rust_decimal::Decimal;

use crate::engine::field::FieldReader;
use crate::engine::pattern::{Mask, Patterns};
use crate::engine::rule::{Rule, Test};
use crate::engine::text::TextMap;
use crate::policy::Field;
use crate::profile::{Profile, Seniority, Value};
use crate::values::PLACES;

/// Which rules hold, as bits: criterion `i` is bit `i`, knockout `i` is bit `64 + i` (a
/// policy has at most 64 of each).
pub(crate) type Hits = u128;

/// The bit of knockout 0.
pub(crate) const KNOCKOUTS: u32 = 64;

/// What one code earns: the rules that hold for it, and the points and the number of the
/// criteria among them. Entries of different fields add up, since a rule reads one field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) hits: Hits,
    pub(crate) points: i64,
    pub(crate) met: u32,
}

impl Entry {
    /// Adds the rules of another field. Points are bounded at validation (at most 64
    /// criteria of at most `MAX_POINTS` each), so the sum cannot overflow.
    #[inline(always)]
    pub(crate) fn add(&mut self, other: &Entry) {
        self.hits |= other.hits;
        self.points = self.points.wrapping_add(other.points);
        self.met = self.met.wrapping_add(other.met);
    }
}

/// A number a rule names times a power of ten: its floor (held at the ends of `i128`) and
/// whether it is whole there.
type Scaled = (i128, bool);

/// One field the rules read (a slot of a row), and how its values become codes.
///
/// A slot's codes are consecutive, from `base`:
/// - `base`: no value;
/// - then `2^k` codes for text that no `equals` or `one_of` rule lists, where `k` is the
///   number of the field's text conditions (see [`Patterns`]): such text's code is
///   `base + 1` plus the bits of the text conditions it meets;
/// - then one code per text the rules list (ignoring ASCII case), whose entry holds the
///   text conditions it meets as well;
/// - then `2n + 1` codes for numbers, with `n` the distinct numbers the rules name, sorted:
///   a number's code is twice the count of named numbers below it, plus one if it is one
///   of them. Every comparison with a named number is then a comparison of codes, exact at
///   any scale;
/// - then two codes for the flags `false` and `true`, and one per seniority level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Coder {
    pub(crate) field: FieldReader,
    pub(crate) base: u32,
    texts: TextMap,
    /// The field's text conditions.
    patterns: Patterns,
    /// The distinct numbers the rules name, sorted.
    pub(crate) numbers: Box<[Decimal]>,
    /// Each of them as integers compare them (at scale 0).
    floors: Box<[Scaled]>,
    /// The engine's fixed scale, or the most decimal places of a number the rules name if
    /// more, and every named number at that scale: a value with no more places is ranked
    /// by integer comparisons.
    scale: u32,
    at_scale: Box<[Scaled]>,
    number_base: u32,
    flag_base: u32,
    seniority_base: u32,
}

impl Coder {
    /// The code of a missing value.
    #[inline(always)]
    pub(crate) fn missing(&self) -> u32 {
        self.base
    }

    /// The code of a text value.
    #[inline(always)]
    pub(crate) fn text(&self, text: &str) -> u32 {
        if !self.texts.is_empty()
            && let Some(code) = self.texts.get(text)
        {
            return code;
        }
        if self.patterns.is_empty() {
            return self.base + 1;
        }
        self.base + 1 + u32::from(self.patterns.mask(text))
    }

    /// The code of a decimal value.
    #[inline(always)]
    pub(crate) fn number(&self, n: &Decimal) -> u32 {
        let (m, places) = (n.mantissa(), n.scale());
        let up = self
            .scale
            .checked_sub(places)
            .and_then(|up| POWERS.get(up as usize));
        // Most values and factors fit in 64 bits, where the product is one multiplication.
        let narrow = up.and_then(|f| Some((i64::try_from(m).ok()?, i64::try_from(*f).ok()?)));
        if let Some(raw) = narrow.and_then(|(m, f)| m.checked_mul(f)) {
            return self.fixed(raw.into(), false, &self.at_scale);
        }
        if let Some(raw) = up.and_then(|f| m.checked_mul(*f)) {
            return self.fixed(raw, false, &self.at_scale);
        }
        if let Some(down) = places
            .checked_sub(self.scale)
            .and_then(|d| POWERS.get(d as usize))
        {
            return self.fixed(m.div_euclid(*down), m.rem_euclid(*down) != 0, &self.at_scale);
        }
        // Beyond `i128` at the slot's scale: compare as decimals.
        let rank = match self.numbers.binary_search(n) {
            Ok(i) => 2 * i + 1,
            Err(i) => 2 * i,
        };
        self.number_base + rank as u32
    }

    /// The code of an integer value.
    #[inline(always)]
    pub(crate) fn int(&self, n: i128) -> u32 {
        self.fixed(n, false, &self.floors)
    }

    /// The code of the value `(raw + f) / 10^scale`, for some `0 <= f < 1` that is zero
    /// unless `frac`, given the named numbers at that scale (from [`Coder::scaled`]).
    ///
    /// A named number `b` is below the value when `b · 10^scale` is below `raw`, or equal
    /// to it with `frac`; it equals the value when it is whole there, equal to `raw`, and
    /// `frac` is not set. Floors rise with the numbers, so both are a binary search.
    #[inline(always)]
    pub(crate) fn fixed(&self, raw: i128, frac: bool, bounds: &[Scaled]) -> u32 {
        // Inside the ends, where the named numbers beyond `i128` are held.
        let raw = raw.clamp(i128::MIN + 1, i128::MAX - 1);
        let below = bounds.partition_point(|b| b.0 < raw || (frac && b.0 == raw));
        let equal = !frac && bounds.get(below).is_some_and(|b| b.1 && b.0 == raw);
        self.number_base + 2 * below as u32 + u32::from(equal)
    }

    /// The slot's bounds times `10^scale`, each as its floor and whether it is whole there.
    #[cfg_attr(not(feature = "arrow"), allow(dead_code))]
    pub(crate) fn scaled(&self, scale: u32) -> impl Iterator<Item = Scaled> + '_ {
        self.numbers.iter().map(move |n| scaled(n, scale))
    }

    /// The code of a flag.
    #[inline(always)]
    pub(crate) fn flag(&self, flag: bool) -> u32 {
        self.flag_base + u32::from(flag)
    }

    /// The code of a seniority.
    #[inline(always)]
    pub(crate) fn seniority(&self, level: Seniority) -> u32 {
        self.seniority_base + level as u32
    }

    /// The code of a custom attribute's value.
    #[inline(always)]
    pub(crate) fn value(&self, value: &Value) -> u32 {
        match value {
            Value::Text(t) => self.text(t),
            Value::Number(n) => self.number(n),
            Value::Bool(b) => self.flag(*b),
        }
    }
}

/// `10^i` for every `i` an `i128` holds.
const POWERS: [i128; 39] = {
    let mut powers = [1_i128; 39];
    let mut i = 1;
    while i < powers.len() {
        powers[i] = powers[i - 1] * 10;
        i += 1;
    }
    powers
};

/// `value · 10^scale` as its floor (held at the ends of `i128`) and whether it is whole.
///
/// A number beyond `i128` there is held at its end and is not whole, so that it equals no
/// value; [`Coder::fixed`] keeps values strictly inside the ends, so it stays above (or
/// below) every one.
fn scaled(value: &Decimal, scale: u32) -> Scaled {
    let (m, k) = (value.mantissa(), value.scale());
    if scale >= k {
        let factor = 10_i128.checked_pow(scale - k);
        let held = if m < 0 { i128::MIN } else { i128::MAX };
        factor
            .and_then(|f| m.checked_mul(f))
            .map_or((held, false), |v| (v, true))
    } else {
        // `k - scale` is at most 28, so the power fits.
        let divisor = 10_i128.pow(k - scale);
        (m.div_euclid(divisor), m.rem_euclid(divisor) == 0)
    }
}

/// The index of each field the crate knows in [`Plan::known`].
const EMPLOYEES: usize = 0;
const REVENUE: usize = 1;
const INDUSTRY: usize = 2;
const COUNTRY: usize = 3;
const JOB_TITLE: usize = 4;
const SENIORITY: usize = 5;
const EMAIL_DOMAIN: usize = 6;

/// Profiles with at most this many custom attributes are walked in order beside the
/// policy's sorted custom names; larger ones are searched name by name.
const MERGE_LIMIT: usize = 32;

/// Every criterion and knockout of a policy, indexed by the field it reads and the value
/// that meets it.
///
/// Each field a rule reads is a [`Coder`]; a value becomes the code of its slot, and the
/// code indexes one table of [`Entry`]s. Evaluating a profile reads each field once (a
/// text is lowercased and hashed once for all the rules on its field, a number is ranked
/// among the numbers the rules name, every custom attribute is found in one ordered walk
/// beside the profile's sorted map) and adds one entry per field: nothing is dispatched rule
/// by rule.
#[derive(Clone, Debug, Default)]
pub(crate) struct Plan {
    /// The known fields' slots first, in [`Field::KNOWN`](crate::Field::KNOWN) order, then
    /// the custom attributes' by name.
    pub(crate) slots: Box<[Coder]>,
    /// Where the custom attributes' slots begin.
    custom: usize,
    /// The slot of each known field, if a rule reads it.
    known: [Option<usize>; 7],
    /// Every slot's codes' entries.
    pub(crate) entries: Box<[Entry]>,
    /// The version of the policy it was compiled for, for errors.
    pub(crate) version: Box<str>,
    /// A hash of the slots, so that policies that read rows differently are told apart
    /// without comparing every slot.
    fingerprint: u64,
}

impl Plan {
    pub(crate) fn new(criteria: &[Rule], knockouts: &[Rule], version: &str) -> Plan {
        let criteria = criteria.iter().zip(0..);
        let knockouts = knockouts.iter().zip(KNOCKOUTS..);
        let mut known: [Vec<(&Rule, u32)>; 7] = Default::default();
        let mut custom: BTreeMap<&str, Vec<(&Rule, u32)>> = BTreeMap::new();
        for (rule, bit) in criteria.chain(knockouts) {
            let at = match &rule.source {
                FieldReader::Employees => EMPLOYEES,
                FieldReader::AnnualRevenue => REVENUE,
                FieldReader::Industry => INDUSTRY,
                FieldReader::Country => COUNTRY,
                FieldReader::JobTitle => JOB_TITLE,
                FieldReader::Seniority => SENIORITY,
                FieldReader::EmailDomain => EMAIL_DOMAIN,
                FieldReader::Custom(name) => {
                    custom.entry(name).or_default().push((rule, bit));
                    continue;
                }
            };
            if let Some(rules) = known.get_mut(at) {
                rules.push((rule, bit));
            }
        }
        let mut plan = Plan::default();
        let mut slots = Vec::new();
        let mut entries = Vec::new();
        for (at, rules) in known.iter().enumerate() {
            if let (Some(first), Some(place)) = (rules.first(), plan.known.get_mut(at)) {
                *place = Some(slots.len());
                slots.push(slot(first.0.source.clone(), rules, &mut entries));
            }
        }
        plan.custom = slots.len();
        for (name, rules) in &custom {
            slots.push(slot(FieldReader::Custom((*name).into()), rules, &mut entries));
        }
        plan.slots = slots.into_boxed_slice();
        plan.entries = entries.into_boxed_slice();
        plan.version = version.into();
        let mut hasher = std::hash::DefaultHasher::new();
        for coder in plan.slots.iter() {
            coder.field.field().hash(&mut hasher);
            coder.base.hash(&mut hasher);
            coder.numbers.hash(&mut hasher);
        }
        plan.entries.len().hash(&mut hasher);
        plan.fingerprint = hasher.finish();
        plan
    }

    /// Whether codes of `other` mean what they mean here: the same fields, read with the same
    /// texts and numbers, though the weights may differ.
    ///
    /// The same plan is known by its address; plans of separate policies by a hash of
    /// their slots, and then, when the hashes agree, by every slot.
    #[inline]
    pub(crate) fn reads_as(&self, other: &Plan) -> bool {
        core::ptr::eq(self, other) || (self.fingerprint == other.fingerprint && self.slots == other.slots)
    }

    /// The entry of `code`.
    #[inline(always)]
    pub(crate) fn entry(&self, code: u32) -> &Entry {
        const NONE: Entry = Entry {
            hits: 0,
            points: 0,
            met: 0,
        };
        self.entries.get(code as usize).unwrap_or(&NONE)
    }

    /// The slots of the custom attributes, sorted by name.
    pub(crate) fn custom_slots(&self) -> &[Coder] {
        self.slots.get(self.custom..).unwrap_or_default()
    }

    /// The slot of `field`, by its index in the row.
    pub(crate) fn find(&self, field: &Field) -> Option<usize> {
        let at = match field {
            Field::Employees => EMPLOYEES,
            Field::AnnualRevenue => REVENUE,
            Field::Industry => INDUSTRY,
            Field::Country => COUNTRY,
            Field::JobTitle => JOB_TITLE,
            Field::Seniority => SENIORITY,
            Field::EmailDomain => EMAIL_DOMAIN,
            Field::Custom(name) => {
                let found = self.custom_slots().binary_search_by(|s| match &s.field {
                    FieldReader::Custom(n) => (**n).cmp(name.as_str()),
                    _ => Ordering::Less,
                });
                return found.ok().map(|i| self.custom + i);
            }
        };
        self.known.get(at).copied().flatten()
    }

    /// The rules that hold for `p`, with their points: the codes a row of `p` would hold,
    /// each entry added as its code is found. A profile without an e-mail domain is read
    /// with `contact_domain`, its contact's.
    #[inline(always)]
    pub(crate) fn profile(&self, p: &Profile, contact_domain: Option<&str>) -> Entry {
        let mut sum = Entry::default();
        for code in self.known_codes(p, contact_domain).into_iter().flatten() {
            sum.add(self.entry(code));
        }
        let mut custom = Entry::default();
        self.custom_codes(&p.custom, |_, code| custom.add(self.entry(code)));
        sum.add(&custom);
        sum
    }

    /// What the rules earn on a row of codes.
    #[inline(always)]
    pub(crate) fn sum(&self, codes: &[u32]) -> Entry {
        let mut sum = Entry::default();
        for &code in codes {
            sum.add(self.entry(code));
        }
        sum
    }

    /// Calls `f` with each slot's index and the code of `p`'s value in it, in slot order.
    #[inline(always)]
    pub(crate) fn codes(&self, p: &Profile, mut f: impl FnMut(usize, u32)) {
        for (code, slot) in self.known_codes(p, None).into_iter().zip(self.known) {
            if let (Some(code), Some(slot)) = (code, slot) {
                f(slot, code);
            }
        }
        self.custom_codes(&p.custom, |i, code| f(self.custom + i, code));
    }

    /// The codes of `p`'s known fields, by [`Plan::known`] index: `None` for a field no rule
    /// reads. A profile without an e-mail domain is read with `contact_domain`.
    #[inline(always)]
    fn known_codes(&self, p: &Profile, contact_domain: Option<&str>) -> [Option<u32>; 7] {
        #[inline(always)]
        fn text(t: Option<&str>, s: &Coder) -> u32 {
            match t {
                Some(t) => s.text(t),
                None => s.base,
            }
        }
        let coder = |at: usize| {
            self.known
                .get(at)
                .copied()
                .flatten()
                .and_then(|i| self.slots.get(i))
        };
        [
            coder(EMPLOYEES).map(|s| match p.employees {
                Some(n) => s.int(n.into()),
                None => s.base,
            }),
            coder(REVENUE).map(|s| match &p.annual_revenue {
                Some(n) => s.number(n),
                None => s.base,
            }),
            coder(INDUSTRY).map(|s| text(p.industry.as_deref(), s)),
            coder(COUNTRY).map(|s| text(p.country.as_deref(), s)),
            coder(JOB_TITLE).map(|s| text(p.job_title.as_deref(), s)),
            coder(SENIORITY).map(|s| match p.seniority {
                Some(l) => s.seniority(l),
                None => s.base,
            }),
            coder(EMAIL_DOMAIN).map(|s| text(p.email_domain.as_deref().or(contact_domain), s)),
        ]
    }

    /// Calls `f` with the index among the custom slots of each, and the code of its value in
    /// `custom`.
    #[inline(always)]
    fn custom_codes(&self, custom: &BTreeMap<String, Value>, mut f: impl FnMut(usize, u32)) {
        let slots = self.custom_slots();
        if custom.len() > MERGE_LIMIT {
            for (i, slot) in slots.iter().enumerate() {
                let name = match &slot.field {
                    FieldReader::Custom(name) => name,
                    _ => continue,
                };
                f(i, custom.get(&**name).map_or(slot.base, |v| slot.value(v)));
            }
            return;
        }
        let mut entries = custom.iter();
        let mut entry = entries.next();
        for (i, slot) in slots.iter().enumerate() {
            let name = match &slot.field {
                FieldReader::Custom(name) => name,
                _ => continue,
            };
            let mut code = slot.base;
            while let Some((key, value)) = entry {
                match compare_bytes(key.as_bytes(), name.as_bytes()) {
                    Ordering::Less => entry = entries.next(),
                    Ordering::Equal => {
                        code = slot.value(value);
                        entry = entries.next();
                        break;
                    }
                    Ordering::Greater => break,
                }
            }
            f(i, code);
        }
    }
}

/// The slot of a field and its codes' entries, appended to `entries`.
///
/// Each rule marks the codes it holds for (a present rule every code but "missing", a
/// listed text its own code, a listed number its rank, a range the ranks between its
/// bounds, a text condition the unlisted-text codes with its bit and the listed texts it
/// matches), so the work is the size of the rules plus the codes times the rules that
/// reach them, never a rule tested against every code.
fn slot(field: FieldReader, rules: &[(&Rule, u32)], entries: &mut Vec<Entry>) -> Coder {
    let mut texts: BTreeMap<String, &str> = BTreeMap::new();
    let mut numbers: Vec<Decimal> = Vec::new();
    // The text conditions in order: the `j`th is bit `j` of a text's mask. Validation keeps
    // them to `MAX_TEXT_CONDITIONS_PER_FIELD`, which a mask holds.
    let conditions: Vec<_> = rules
        .iter()
        .filter_map(|(rule, _)| match &rule.test {
            Test::Text { kind, values } => Some((*kind, &**values)),
            _ => None,
        })
        .take(Mask::BITS as usize)
        .collect();
    let patterns = Patterns::new(conditions.iter().copied());
    for (rule, _) in rules {
        match &rule.test {
            Test::AnyOf { text, numbers: n, .. } => {
                for t in text {
                    texts.entry(t.to_ascii_lowercase()).or_insert(t);
                }
                numbers.extend(n.iter().copied());
            }
            Test::Range { min, max } => numbers.extend(min.iter().chain(max).copied()),
            _ => {}
        }
    }
    numbers.sort();
    numbers.dedup();
    let scale = numbers.iter().map(Decimal::scale).fold(PLACES, u32::max);
    let at_scale = numbers.iter().map(|n| scaled(n, scale)).collect();
    let floors = numbers.iter().map(|n| scaled(n, 0)).collect();
    let bounds: Box<[Decimal]> = numbers.into_boxed_slice();
    // Codes relative to the slot's base: missing, unlisted text by mask, listed texts, …
    let text_base = 1 + (1_usize << conditions.len());
    let number_base = text_base + texts.len();
    let flag_base = number_base + 2 * bounds.len() + 1;
    let seniority_base = flag_base + 2;
    let len = seniority_base + Seniority::ALL.len();
    let mut hits: Vec<Hits> = vec![0; len];
    let place: BTreeMap<&str, usize> = texts.keys().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
    // The text conditions each listed text meets, by its place.
    let listed: Vec<Mask> = texts.values().map(|t| patterns.mask(t)).collect();
    let mut condition = 0..Mask::BITS;
    // The rank code of a named number: twice its place, plus one.
    let rank = |n: &Decimal| bounds.binary_search(n).ok().map(|i| 2 * i + 1);
    for (rule, bit) in rules {
        let bit: Hits = 1 << bit;
        let mut mark = |codes: core::ops::Range<usize>| {
            for h in hits.get_mut(codes).unwrap_or_default() {
                *h |= bit;
            }
        };
        match &rule.test {
            Test::Absent => mark(0..1),
            Test::Present => mark(1..len),
            Test::AnyOf { text, numbers, flags } => {
                for t in text {
                    if let Some(&i) = place.get(t.to_ascii_lowercase().as_str()) {
                        mark(text_base + i..text_base + i + 1);
                    }
                }
                for r in numbers.iter().filter_map(rank) {
                    mark(number_base + r..number_base + r + 1);
                }
                for (flag, listed) in flags.iter().enumerate() {
                    if *listed {
                        mark(flag_base + flag..flag_base + flag + 1);
                    }
                }
            }
            Test::Seniority(mask) => {
                for level in 0..Seniority::ALL.len() {
                    if mask & (1 << level) != 0 {
                        mark(seniority_base + level..seniority_base + level + 1);
                    }
                }
            }
            Test::Range { min, max } => {
                let low = min.as_ref().map_or(Some(0), rank);
                let high = max.as_ref().map_or(Some(2 * bounds.len()), rank);
                if let (Some(low), Some(high)) = (low, high) {
                    mark(number_base + low..number_base + high + 1);
                }
            }
            Test::Text { .. } => {
                let Some(j) = condition.next() else { continue };
                let own: Mask = 1 << j;
                for m in (0..text_base - 1).filter(|m| *m as Mask & own != 0) {
                    mark(1 + m..2 + m);
                }
                for (i, _) in listed.iter().enumerate().filter(|(_, m)| **m & own != 0) {
                    mark(text_base + i..text_base + i + 1);
                }
            }
        }
    }
    let criteria: Vec<(Hits, i64)> = rules
        .iter()
        .filter(|(_, bit)| *bit < KNOCKOUTS)
        .map(|(rule, bit)| (1 << bit, rule.points))
        .collect();
    let base = entries.len() as u32;
    for h in hits {
        let mut entry = Entry {
            hits: h,
            ..Entry::default()
        };
        for (bit, points) in &criteria {
            if h & bit != 0 {
                entry.points += points;
                entry.met += 1;
            }
        }
        entries.push(entry);
    }
    let codes = texts
        .values()
        .zip(base + text_base as u32..)
        .map(|(t, c)| (*t, c));
    Coder {
        field,
        base,
        texts: TextMap::new(codes.collect()),
        patterns,
        numbers: bounds,
        floors,
        scale,
        at_scale,
        number_base: base + number_base as u32,
        flag_base: base + flag_base as u32,
        seniority_base: base + seniority_base as u32,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaled_bounds_floor_and_say_whether_they_are_whole() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(scaled(&d("12.5"), 0), (12, false));
        assert_eq!(scaled(&d("-12.5"), 0), (-13, false));
        assert_eq!(scaled(&d("12.50"), 1), (125, true));
        assert_eq!(scaled(&d("12.5"), 3), (12_500, true));
        assert_eq!(scaled(&d("-0.001"), 2), (-1, false));
        assert_eq!(scaled(&Decimal::MAX, 38), (i128::MAX, false));
        assert_eq!(scaled(&Decimal::MIN, 38), (i128::MIN, false));
    }
}
