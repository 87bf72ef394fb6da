//! Unsigned integers of a fixed number of 64-bit limbs: the exact arithmetic behind
//! [`Total`](crate::values::Total) and the quotients the reports show.
//!
//! Every operation is checked: it returns `None` where the result does not fit, and never
//! panics or wraps. Division is schoolbook binary long division, a few microseconds at
//! 768 bits: it runs when a report is shown or asked for an average, never per record.

use core::cmp::Ordering;
use core::fmt;

use rust_decimal::Decimal;

/// An unsigned integer of `L` 64-bit limbs, least significant first.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Uint<const L: usize>([u64; L]);

/// 384 bits: a [`Total`](crate::values::Total)'s units.
pub(crate) type U384 = Uint<6>;

/// 768 bits: room for a product of totals and counts before a quotient is taken.
pub(crate) type U768 = Uint<12>;

/// 10^19, the largest power of ten in a `u64`.
const TEN_19: u64 = 10_000_000_000_000_000_000;

impl<const L: usize> Uint<L> {
    /// Zero.
    pub(crate) const ZERO: Uint<L> = Uint([0; L]);

    /// `value`, or `None` if it needs more than `L` limbs.
    pub(crate) fn from_u128(value: u128) -> Option<Uint<L>> {
        Uint([value as u64, (value >> 64) as u64]).resize()
    }

    /// The value as a `u128`, or `None` if it passes one.
    pub(crate) fn to_u128(self) -> Option<u128> {
        let mut value = 0_u128;
        for (i, limb) in self.0.iter().enumerate() {
            match i {
                0 => value = u128::from(*limb),
                1 => value |= u128::from(*limb) << 64,
                _ if *limb != 0 => return None,
                _ => {}
            }
        }
        Some(value)
    }

    /// The same value in `M` limbs, or `None` if it does not fit.
    pub(crate) fn resize<const M: usize>(self) -> Option<Uint<M>> {
        let mut limbs = [0; M];
        for (i, limb) in self.0.iter().enumerate() {
            match limbs.get_mut(i) {
                Some(slot) => *slot = *limb,
                None if *limb != 0 => return None,
                None => {}
            }
        }
        Some(Uint(limbs))
    }

    /// Whether the value is zero.
    pub(crate) fn is_zero(self) -> bool {
        self.0.iter().all(|&limb| limb == 0)
    }

    /// `10^exp`, or `None` if it does not fit.
    pub(crate) fn pow10(exp: u32) -> Option<Uint<L>> {
        let mut value = Uint::from_u128(1)?;
        let mut left = exp;
        while left >= 19 {
            value = value.checked_mul_u64(TEN_19)?;
            left -= 19;
        }
        value.checked_mul_u64(10_u64.pow(left))
    }

    /// `self + other`, or `None` on overflow.
    pub(crate) fn checked_add(self, other: Uint<L>) -> Option<Uint<L>> {
        let mut out = [0; L];
        let mut carry = false;
        for ((slot, a), b) in out.iter_mut().zip(self.0).zip(other.0) {
            let (sum, c1) = a.overflowing_add(b);
            let (sum, c2) = sum.overflowing_add(u64::from(carry));
            *slot = sum;
            carry = c1 || c2;
        }
        (!carry).then_some(Uint(out))
    }

    /// `self - other`, or `None` when `other` is larger.
    pub(crate) fn checked_sub(self, other: Uint<L>) -> Option<Uint<L>> {
        let (out, borrow) = self.borrowing_sub(other);
        (!borrow).then_some(out)
    }

    /// `self - other` modulo `2^(64 L)`, and whether it borrowed past the top.
    fn borrowing_sub(self, other: Uint<L>) -> (Uint<L>, bool) {
        let mut out = [0; L];
        let mut borrow = false;
        for ((slot, a), b) in out.iter_mut().zip(self.0).zip(other.0) {
            let (diff, b1) = a.overflowing_sub(b);
            let (diff, b2) = diff.overflowing_sub(u64::from(borrow));
            *slot = diff;
            borrow = b1 || b2;
        }
        (Uint(out), borrow)
    }

    /// `self × m`, or `None` on overflow.
    pub(crate) fn checked_mul_u64(self, m: u64) -> Option<Uint<L>> {
        let mut out = [0; L];
        let mut carry = 0_u64;
        for (slot, a) in out.iter_mut().zip(self.0) {
            let product = u128::from(a) * u128::from(m) + u128::from(carry);
            *slot = product as u64;
            carry = (product >> 64) as u64;
        }
        (carry == 0).then_some(Uint(out))
    }

    /// `self × other`, or `None` on overflow.
    pub(crate) fn checked_mul(self, other: Uint<L>) -> Option<Uint<L>> {
        let mut out = [0_u64; L];
        for (i, &a) in self.0.iter().enumerate() {
            if a == 0 {
                continue;
            }
            let mut carry = 0_u64;
            for (j, &b) in other.0.iter().enumerate() {
                if b == 0 && carry == 0 {
                    continue;
                }
                let Some(slot) = out.get_mut(i + j) else {
                    // Past the top limb: only zeros may land here.
                    if b != 0 || carry != 0 {
                        return None;
                    }
                    continue;
                };
                let product = u128::from(a) * u128::from(b) + u128::from(*slot) + u128::from(carry);
                *slot = product as u64;
                carry = (product >> 64) as u64;
            }
            if carry != 0 {
                return None;
            }
        }
        Some(Uint(out))
    }

    /// The quotient and remainder of `self ÷ d`, or `None` when `d` is zero.
    pub(crate) fn div_rem_u64(self, d: u64) -> Option<(Uint<L>, u64)> {
        if d == 0 {
            return None;
        }
        let mut out = [0; L];
        let mut rem = 0_u64;
        for (slot, limb) in out.iter_mut().zip(self.0).rev() {
            let current = (u128::from(rem) << 64) | u128::from(limb);
            *slot = (current / u128::from(d)) as u64;
            rem = (current % u128::from(d)) as u64;
        }
        Some((Uint(out), rem))
    }

    /// The quotient and remainder of `self ÷ d`, or `None` when `d` is zero.
    pub(crate) fn div_rem(self, d: Uint<L>) -> Option<(Uint<L>, Uint<L>)> {
        if d.is_zero() {
            return None;
        }
        let mut quotient = [0_u64; L];
        let mut rem = Uint::<L>::ZERO;
        for bit in (0..self.bits()).rev() {
            // rem < d, so 2·rem + 1 < 2d: one subtraction brings it back below d, and a
            // bit shifted out of the top means it is past d.
            let (shifted, out) = rem.shl1();
            rem = shifted;
            if self.bit(bit) {
                rem.0[0] |= 1;
            }
            if out || rem >= d {
                rem = rem.borrowing_sub(d).0;
                if let Some(limb) = quotient.get_mut(bit / 64) {
                    *limb |= 1 << (bit % 64);
                }
            }
        }
        Some((Uint(quotient), rem))
    }

    /// `self ÷ d` rounded half away from zero, or `None` when `d` is zero or the rounding
    /// overflows.
    pub(crate) fn div_round(self, d: Uint<L>) -> Option<Uint<L>> {
        let (quotient, rem) = self.div_rem(d)?;
        // rem ≥ d - rem, so that rem·2 never needs computing.
        let half_or_more = rem >= d.checked_sub(rem)?;
        if half_or_more {
            quotient.checked_add(Uint::from_u128(1)?)
        } else {
            Some(quotient)
        }
    }

    /// How many bits the value needs: 0 for zero.
    fn bits(self) -> usize {
        for (i, &limb) in self.0.iter().enumerate().rev() {
            if limb != 0 {
                return i * 64 + (64 - limb.leading_zeros() as usize);
            }
        }
        0
    }

    /// Bit `n`.
    fn bit(self, n: usize) -> bool {
        self.0.get(n / 64).is_some_and(|limb| limb >> (n % 64) & 1 == 1)
    }

    /// `self × 2` modulo `2^(64 L)`, and the bit shifted out of the top.
    fn shl1(self) -> (Uint<L>, bool) {
        let mut out = [0; L];
        let mut carry = 0;
        for (slot, limb) in out.iter_mut().zip(self.0) {
            *slot = (limb << 1) | carry;
            carry = limb >> 63;
        }
        (Uint(out), carry == 1)
    }
}

impl<const L: usize> Ord for Uint<L> {
    fn cmp(&self, other: &Uint<L>) -> Ordering {
        self.0.iter().rev().cmp(other.0.iter().rev())
    }
}

impl<const L: usize> PartialOrd for Uint<L> {
    fn partial_cmp(&self, other: &Uint<L>) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<const L: usize> fmt::Display for Uint<L> {
    /// The decimal digits, without padding.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Groups of 19 digits, least significant first.
        let mut groups = Vec::with_capacity(L + 1);
        let mut value = *self;
        while let Some((rest, group)) = value.div_rem_u64(TEN_19) {
            groups.push(group);
            value = rest;
            if value.is_zero() {
                break;
            }
        }
        let mut shown = groups.iter().rev();
        if let Some(top) = shown.next() {
            write!(f, "{top}")?;
        }
        for group in shown {
            write!(f, "{group:019}")?;
        }
        Ok(())
    }
}

impl<const L: usize> fmt::Debug for Uint<L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// `10^0` to `10^(N-1)` in 384 bits, computed when the crate is compiled (`N` at most 116).
pub(crate) const fn powers_of_ten<const N: usize>() -> [U384; N] {
    let mut table = [Uint([0; 6]); N];
    let mut k = 0;
    let mut value = [1_u64, 0, 0, 0, 0, 0];
    while k < N {
        table[k] = Uint(value);
        // value × 10, limb by limb.
        let mut carry = 0_u128;
        let mut i = 0;
        while i < 6 {
            let product = value[i] as u128 * 10 + carry;
            value[i] = product as u64;
            carry = product >> 64;
            i += 1;
        }
        k += 1;
    }
    table
}

/// `num ÷ (den × 10^scale)` rounded half away from zero to `places` decimal places, as the
/// integer of units of `10^-places`; `None` when `den` is zero or a step overflows.
pub(crate) fn round_quotient(num: U768, scale: u32, den: U768, places: u32) -> Option<U768> {
    let num = num.checked_mul(U768::pow10(places)?)?;
    let den = den.checked_mul(U768::pow10(scale)?)?;
    num.div_round(den)
}

/// `num ÷ (den × 10^scale)` as a [`Decimal`] rounded half away from zero to as many
/// decimal places (at most 28) as it holds beside the whole part, without trailing zeros;
/// `None` when `den` is zero or the whole part passes what a decimal holds.
pub(crate) fn quotient(num: U768, scale: u32, den: U768) -> Option<Decimal> {
    let (whole, _) = num.div_rem(den.checked_mul(U768::pow10(scale)?)?)?;
    // Any 28 digits fit a decimal: a whole part of `d` digits leaves `28 - d` places.
    let digits = match whole.is_zero() {
        true => 0,
        false => u32::try_from(whole.to_string().len()).ok()?,
    };
    let mut places = Decimal::MAX_SCALE.saturating_sub(digits);
    loop {
        let units = round_quotient(num, scale, den, places)?.to_u128()?;
        if let Some(units) = i128::try_from(units).ok().filter(|&u| u < 1 << 96) {
            return Decimal::try_from_i128_with_scale(units, places)
                .ok()
                .map(|d| d.normalize());
        }
        // A 29-digit whole part fits up to 2^96 - 1, with no places.
        places = places.checked_sub(1)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(v: u128) -> U384 {
        U384::from_u128(v).unwrap()
    }

    #[test]
    fn small_values_agree_with_u128() {
        let samples = [
            0_u128,
            1,
            2,
            9,
            10,
            63,
            64,
            1 << 63,
            u64::MAX as u128,
            (1 << 64) + 5,
            10_u128.pow(30),
            u128::MAX / 3,
        ];
        for &a in &samples {
            assert_eq!(u(a).to_u128(), Some(a));
            assert_eq!(u(a).to_string(), a.to_string());
            for &b in &samples {
                assert_eq!(
                    u(a).checked_add(u(b)).and_then(Uint::to_u128),
                    a.checked_add(b),
                    "{a} + {b}"
                );
                assert_eq!(
                    u(a).checked_sub(u(b)).and_then(Uint::to_u128),
                    a.checked_sub(b),
                    "{a} - {b}"
                );
                assert_eq!(
                    u(a).checked_mul(u(b)).and_then(Uint::to_u128),
                    a.checked_mul(b),
                    "{a} * {b}"
                );
                assert_eq!(u(a).cmp(&u(b)), a.cmp(&b), "{a} <=> {b}");
                if b != 0 {
                    let (q, r) = u(a).div_rem(u(b)).unwrap();
                    assert_eq!(
                        (q.to_u128(), r.to_u128()),
                        (Some(a / b), Some(a % b)),
                        "{a} / {b}"
                    );
                }
            }
        }
        assert_eq!(u(5).div_rem(U384::ZERO), None);
        assert_eq!(u(5).div_rem_u64(0), None);
    }

    #[test]
    fn large_values_round_trip_through_division() {
        let big = U384::pow10(115).unwrap();
        assert_eq!(big.to_string(), format!("1{}", "0".repeat(115)));
        assert_eq!(U384::pow10(116), None, "10^116 passes 384 bits");
        let (q, r) = big
            .checked_add(u(7))
            .unwrap()
            .div_rem(u(10_u128.pow(20)))
            .unwrap();
        assert_eq!((q, r), (U384::pow10(95).unwrap(), u(7)));
        let max = Uint::<2>::from_u128(u128::MAX).unwrap();
        assert_eq!(max.checked_add(Uint::from_u128(1).unwrap()), None);
        assert_eq!(max.checked_mul_u64(2), None);
        assert_eq!(max.checked_mul(max), None);
        assert_eq!(max.div_rem(max), Some((Uint::from_u128(1).unwrap(), Uint::ZERO)));
        assert_eq!(U768::from_u128(3).unwrap().resize::<1>(), Some(Uint([3])));
        assert_eq!(big.resize::<2>(), None);
    }

    #[test]
    fn the_table_of_powers_is_the_powers() {
        let table = powers_of_ten::<116>();
        for (k, power) in table.iter().enumerate() {
            assert_eq!(Some(*power), U384::pow10(k as u32), "10^{k}");
        }
    }

    #[test]
    fn quotients_round_half_away_from_zero() {
        let q = |n: u128, s: u32, d: u128| {
            quotient(U768::from_u128(n).unwrap(), s, U768::from_u128(d).unwrap()).map(|d| d.to_string())
        };
        assert_eq!(q(1, 0, 3).as_deref(), Some("0.3333333333333333333333333333"));
        assert_eq!(q(2, 0, 3).as_deref(), Some("0.6666666666666666666666666667"));
        assert_eq!(q(5, 1, 1).as_deref(), Some("0.5"));
        assert_eq!(q(10, 0, 4).as_deref(), Some("2.5"));
        assert_eq!(q(1, 0, 0), None);
        let max = (1_u128 << 96) - 1;
        assert_eq!(q(max, 0, 1), Some(max.to_string()));
        assert_eq!(q(max + 1, 0, 1), None);
        let rounded = |n: u128, d: u128, places: u32| {
            round_quotient(
                U768::from_u128(n).unwrap(),
                0,
                U768::from_u128(d).unwrap(),
                places,
            )
            .and_then(Uint::to_u128)
        };
        assert_eq!(rounded(5, 2, 0), Some(3));
        assert_eq!(rounded(7, 2, 0), Some(4));
        assert_eq!(rounded(1, 8, 2), Some(13), "0.125 rounds up to 0.13");
        assert_eq!(rounded(1, 3, 2), Some(33));
    }
}
