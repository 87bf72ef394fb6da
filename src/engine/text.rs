//! [`TextMap`]: the text values of one field's rules, looked up once for all of them.

/// The text values of one field's rules, compared ignoring ASCII case, each mapped to its
/// code: one lookup answers every rule on the field.
///
/// A value shorter than 16 bytes is lowercased and packed with its length into one `u128`
/// [`key`]; two texts are equal ignoring ASCII case exactly when their keys are. The keys
/// sit in a small open-addressing hash [`Table`], so a lookup lowercases the seen text once,
/// hashes it with one multiplication, and compares one or two integers.
///
/// A longer value is kept as it is, and a second table holds its [`long_key`]: its length
/// and a hash of its bytes lowercased, sixteen at a time. A long text is hashed once, in
/// time linear in its length, and compared byte by byte only with a value of the same key:
/// the one it may equal, barring a collision of 64-bit hashes. Its cost does not depend on
/// how many values the rules list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TextMap {
    /// Values in `short` and in `long`.
    len: usize,
    /// The key of each value shorter than 16 bytes, with its code.
    short: Table,
    /// The [`long_key`] of each longer value, with its place in `long`.
    long_keys: Table,
    long: Box<[(Box<str>, u32)]>,
}

impl Default for TextMap {
    fn default() -> TextMap {
        TextMap::new(Vec::new())
    }
}

impl TextMap {
    /// A map of each text to its code. Texts equal ignoring ASCII case must not repeat
    /// (of two, the first is kept).
    pub(crate) fn new(values: Vec<(&str, u32)>) -> TextMap {
        let mut short: Vec<(u128, u32)> = Vec::new();
        let mut long: Vec<(Box<str>, u32)> = Vec::new();
        let mut long_keys: Vec<(u128, u32)> = Vec::new();
        for (v, code) in values {
            match key(v) {
                Some(k) => short.push((k, code)),
                None => {
                    long_keys.push((long_key(v), long.len() as u32));
                    long.push((v.into(), code));
                }
            }
        }
        short.sort_by_key(|(k, _)| *k);
        short.dedup_by_key(|(k, _)| *k);
        TextMap {
            len: short.len() + long.len(),
            short: Table::new(&short),
            // Of two equal long values, the first is the nearer its home.
            long_keys: Table::new(&long_keys),
            long: long.into_boxed_slice(),
        }
    }

    /// Whether no rule lists a value (say the field only has `present` rules).
    #[inline(always)]
    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The code of `text`, if a rule lists it.
    #[inline(always)]
    pub(crate) fn get(&self, text: &str) -> Option<u32> {
        match key(text) {
            Some(k) => self.short.find(k, Some),
            None => self.long_keys.find(long_key(text), |at| {
                let (value, code) = self.long.get(at as usize)?;
                #[cfg(test)]
                count::compared();
                value.eq_ignore_ascii_case(text).then_some(*code)
            }),
        }
    }
}

/// An open-addressing hash table of `u128` keys, each with a `u32`: a power of two in
/// size, at most half full, so a free place ends every search.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Table {
    places: Box<[(u128, u32)]>,
    /// 64 minus the base-2 logarithm of the table's length.
    shift: u32,
}

/// A free place in a [`Table`]: no [`key`] has a length byte of 0xff, and no
/// [`long_key`] a length of `u64::MAX`.
const FREE: u128 = u128::MAX;

impl Table {
    /// A table of `entries`. Of entries with equal keys, a search meets them in this order.
    fn new(entries: &[(u128, u32)]) -> Table {
        let size = (2 * entries.len()).next_power_of_two().max(2);
        let mut table = Table {
            places: vec![(FREE, 0); size].into_boxed_slice(),
            shift: 64 - size.trailing_zeros(),
        };
        for &(k, value) in entries {
            let mut i = table.home(k);
            while let Some(place) = table.places.get_mut(i) {
                if place.0 == FREE {
                    *place = (k, value);
                    break;
                }
                i = (i + 1) & (size - 1);
            }
        }
        table
    }

    /// Where the search for `key` starts.
    #[inline(always)]
    fn home(&self, key: u128) -> usize {
        let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(31);
        (folded.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// The first answer of `accept` for the values stored under `key`, in the order they
    /// were stored.
    #[inline(always)]
    fn find(&self, key: u128, mut accept: impl FnMut(u32) -> Option<u32>) -> Option<u32> {
        let mask = self.places.len() - 1;
        let mut i = self.home(key);
        while let Some(&(place, value)) = self.places.get(i) {
            #[cfg(test)]
            count::probed();
            if place == key
                && let Some(found) = accept(value)
            {
                return Some(found);
            }
            if place == FREE {
                return None;
            }
            i = (i + 1) & mask;
        }
        None
    }
}

/// The key of a text of 16 bytes or more: its length in the high half, and in the low half
/// a hash of its bytes lowercased, read sixteen at a time (the last sixteen overlapping the
/// others when the length is not a multiple of 16). Texts equal ignoring ASCII case have
/// equal keys; texts with equal keys are most likely equal.
#[inline]
fn long_key(text: &str) -> u128 {
    /// Digits of pi, as in many hashes: constants with no structure.
    const SEED: [u64; 3] = [
        0x243f_6a88_85a3_08d3,
        0x1319_8a2e_0370_7344,
        0xa409_3822_299f_31d0,
    ];
    let b = text.as_bytes();
    let chunks = b.chunks_exact(16);
    let last = match chunks.remainder() {
        [] => None,
        _ => b.last_chunk::<16>(),
    };
    let mut h = SEED[0] ^ b.len() as u64;
    for chunk in chunks.filter_map(<[u8]>::first_chunk::<16>).chain(last) {
        let x = ascii_lowercase(u128::from_le_bytes(*chunk));
        h = fold_mul(h ^ x as u64 ^ SEED[1], (x >> 64) as u64 ^ SEED[2]);
    }
    (b.len() as u128) << 64 | u128::from(h)
}

/// The full product of `a` and `b`, its halves xored: every bit of each depends on many of
/// the other's (the mixing step of foldhash and wyhash).
#[inline(always)]
fn fold_mul(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    product as u64 ^ (product >> 64) as u64
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

/// What lookups have cost on this thread, for tests that check the cost does not grow
/// with the number of values.
#[cfg(test)]
mod count {
    use std::cell::Cell;

    thread_local! {
        static PROBED: Cell<usize> = const { Cell::new(0) };
        static COMPARED: Cell<usize> = const { Cell::new(0) };
    }

    /// A place of a [`Table`](super::Table) read.
    pub(super) fn probed() {
        PROBED.with(|c| c.set(c.get() + 1));
    }

    /// A long value compared with the seen text byte by byte.
    pub(super) fn compared() {
        COMPARED.with(|c| c.set(c.get() + 1));
    }

    /// The places probed and the values compared by `f`.
    pub(super) fn during(f: impl FnOnce()) -> (usize, usize) {
        PROBED.with(|c| c.set(0));
        COMPARED.with(|c| c.set(0));
        f();
        (PROBED.with(Cell::get), COMPARED.with(Cell::get))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::{Just, Strategy};

    /// A text of exactly `len` bytes ending in the number `n`, with a prefix shared by every
    /// text of that length: texts differ only in their last bytes.
    fn title(n: usize, len: usize) -> String {
        let number = format!(" {n:05}");
        let prefix: String = "Vice President, Sales Engineering "
            .chars()
            .cycle()
            .take(len - number.len())
            .collect();
        format!("{prefix}{number}")
    }

    /// Looking up a text probes a bounded number of places and compares at most the one long
    /// value it may equal byte by byte, however many values the map holds: up to 32,768 on one
    /// field (`MAX_CRITERIA` criteria and as many knockouts, each listing `MAX_SET_SIZE`).
    /// Texts of 15, 16 and 17 bytes and of `MAX_TEXT_LEN`, listed in another case or not
    /// listed, all sharing a prefix.
    #[test]
    fn a_long_text_costs_the_same_however_many_values_are_listed() {
        use crate::limits::{MAX_CRITERIA, MAX_KNOCKOUTS, MAX_SET_SIZE, MAX_TEXT_LEN};
        let lengths = [15, 16, 17, 40, MAX_TEXT_LEN];
        for listed in [(MAX_CRITERIA + MAX_KNOCKOUTS) * MAX_SET_SIZE, 16] {
            let values: Vec<String> = (0..listed)
                .map(|n| title(n, lengths[n % lengths.len()]))
                .collect();
            let map = TextMap::new(values.iter().zip(1..).map(|(v, c)| (v.as_str(), c)).collect());
            let (mut most, mut total, mut lookups) = (0, 0, 0);
            for (n, len) in (0..1_000).flat_map(|n| lengths.map(|len| (n, len))) {
                // Listed, in another case, or not listed at all.
                for (text, want) in [
                    (
                        title(n, len).to_ascii_uppercase(),
                        (n < listed && len == lengths[n % lengths.len()]).then_some(n as u32 + 1),
                    ),
                    (title(50_000 + n, len), None),
                ] {
                    let mut got = None;
                    let (probed, compared) = count::during(|| got = map.get(&text));
                    assert_eq!(got, want, "{text:?} in {listed}");
                    assert!(
                        compared <= 1,
                        "{text:?} compared with {compared} of {listed} values"
                    );
                    most = most.max(probed);
                    total += probed;
                    lookups += 1;
                }
            }
            assert!(
                most <= 64,
                "{listed} values listed: a lookup probed {most} places"
            );
            assert!(
                total <= 4 * lookups,
                "{listed} values listed: {total} places probed for {lookups} lookups"
            );
        }
    }

    /// Letters on both sides of each ASCII case boundary, a space, a NUL, and letters of
    /// two bytes (which ASCII case folding leaves alone).
    const ALPHABET: [char; 14] = [
        'a', 'A', 'z', 'Z', '@', '[', '`', '{', ' ', '\u{0}', 'é', 'É', 'ß', 'ẞ',
    ];

    /// A text of exactly `len` bytes: `chars` over and over, padded with `a` where a letter
    /// of two bytes would pass `len`.
    fn fit(chars: &[char], len: usize) -> String {
        let mut text = String::new();
        for c in chars.iter().cycle() {
            if text.len() + c.len_utf8() > len {
                break;
            }
            text.push(*c);
        }
        while text.len() < len {
            text.push('a');
        }
        text
    }

    /// Texts of 15, 16 and 17 bytes (either side of the longest kept as one integer), of
    /// any length up to 40, and of `MAX_TEXT_LEN`.
    fn text() -> impl Strategy<Value = String> {
        let len = proptest::prop_oneof![
            3 => 15..=17_usize,
            3 => 0..=40_usize,
            1 => Just(crate::limits::MAX_TEXT_LEN),
        ];
        (
            proptest::collection::vec(proptest::sample::select(ALPHABET.to_vec()), 1..8),
            len,
        )
            .prop_map(|(chars, len)| fit(&chars, len))
    }

    /// `text` with the ASCII case of its characters set by the bits of `flips`.
    fn recase(text: &str, flips: u64) -> String {
        text.chars()
            .enumerate()
            .map(|(i, c)| match flips >> (i % 64) & 1 {
                1 => c.to_ascii_uppercase(),
                _ => c.to_ascii_lowercase(),
            })
            .collect()
    }

    proptest::proptest! {
        /// A lookup finds what a scan of the values in order finds: the code of the first
        /// equal ignoring ASCII case, if any.
        #[test]
        fn lookup_agrees_with_a_linear_scan(
            values in proptest::collection::vec(text(), 0..24),
            others in proptest::collection::vec(text(), 0..24),
            flips in proptest::collection::vec(proptest::num::u64::ANY, 24),
        ) {
            let map = TextMap::new(values.iter().zip(1..).map(|(v, c)| (v.as_str(), c)).collect());
            let scan = |t: &str| {
                values.iter().zip(1..).find(|(v, _)| v.eq_ignore_ascii_case(t)).map(|(_, c)| c)
            };
            proptest::prop_assert_eq!(map.is_empty(), values.is_empty());
            let recased = values.iter().zip(&flips).map(|(v, f)| recase(v, *f));
            // Each value with its last character changed: equal but for the last bytes.
            let near = values.iter().map(|v| {
                let mut v = v.clone();
                let last = v.pop().map_or('a', |c| if c == 'q' { 'Q' } else { 'q' });
                v.push(last);
                v
            });
            for t in values.iter().cloned().chain(recased).chain(near).chain(others) {
                proptest::prop_assert_eq!(map.get(&t), scan(&t), "{:?}", t);
            }
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
                let map = TextMap::new(vec![(a.as_str(), 1), ("other", 2)]);
                let want = if a.eq_ignore_ascii_case(b) {
                    Some(1)
                } else if "other".eq_ignore_ascii_case(b) {
                    Some(2)
                } else {
                    None
                };
                assert_eq!(map.get(b), want, "{a:?} {b:?}");
            }
        }
    }
}
