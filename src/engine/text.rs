//! [`TextMap`]: the text values of one field's rules, looked up once for all of them.

/// The text values of one field's rules, compared ignoring ASCII case, each mapped to its
/// code: one lookup answers every rule on the field.
///
/// A value shorter than 16 bytes is lowercased and packed with its length into one `u128`
/// [`key`]; two texts are equal ignoring ASCII case exactly when their keys are. The keys
/// sit in a small open-addressing hash table (a power of two in size, at most half full),
/// so a lookup lowercases the seen text once, hashes it with one multiplication, and
/// compares one or two integers. Longer values are kept as they are and compared byte by
/// byte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TextMap {
    /// Values in the table and in `long`.
    len: usize,
    table: Box<[(u128, u32)]>,
    /// 64 minus the base-2 logarithm of the table's length.
    shift: u32,
    long: Box<[(Box<str>, u32)]>,
}

/// A free place in a [`TextMap`]'s table: no key has a length byte of 0xff.
const FREE: u128 = u128::MAX;

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
        for (v, code) in values {
            match key(v) {
                Some(k) => short.push((k, code)),
                None => long.push((v.into(), code)),
            }
        }
        short.sort_by_key(|(k, _)| *k);
        short.dedup_by_key(|(k, _)| *k);
        let size = (2 * short.len()).next_power_of_two().max(2);
        let mut map = TextMap {
            len: short.len() + long.len(),
            table: vec![(FREE, 0); size].into_boxed_slice(),
            shift: 64 - size.trailing_zeros(),
            long: long.into_boxed_slice(),
        };
        for (k, code) in short {
            let mut i = map.home(k);
            while let Some(place) = map.table.get_mut(i) {
                if place.0 == FREE {
                    *place = (k, code);
                    break;
                }
                i = (i + 1) & (size - 1);
            }
        }
        map
    }

    /// Whether no rule lists a value (say the field only has `present` rules).
    #[inline(always)]
    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Where the search for `key` starts.
    #[inline(always)]
    pub(crate) fn home(&self, key: u128) -> usize {
        let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(31);
        (folded.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// The code of `text`, if a rule lists it.
    #[inline(always)]
    pub(crate) fn get(&self, text: &str) -> Option<u32> {
        let Some(k) = key(text) else {
            return self
                .long
                .iter()
                .find(|(v, _)| v.eq_ignore_ascii_case(text))
                .map(|(_, code)| *code);
        };
        let mask = self.table.len() - 1;
        let mut i = self.home(k);
        // At most half full, so a free place ends every search.
        while let Some(&(place, code)) = self.table.get(i) {
            if place == k {
                return Some(code);
            }
            if place == FREE {
                return None;
            }
            i = (i + 1) & mask;
        }
        None
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

#[cfg(test)]
mod tests {
    use super::*;

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
