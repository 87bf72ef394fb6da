//! How a signal's points fade with age, in exact integer arithmetic.

/// Compiled decay, in seconds.
#[derive(Clone, Copy, Debug)]
pub(crate) enum DecayCurve {
    None,
    /// A half-life `h`, with `h` and `2h` ready to divide by.
    HalfLife {
        h: Divisor,
        span: Divisor,
    },
    Window(i64),
}

impl DecayCurve {
    /// A half-life of `h` seconds, or `None` unless `h` is positive.
    pub(crate) fn half_life(h: i64) -> Option<DecayCurve> {
        let h = u64::try_from(h).ok()?;
        Some(DecayCurve::HalfLife {
            h: Divisor::new(h)?,
            span: Divisor::new(h.checked_mul(2)?)?,
        })
    }

    /// `points` after `age` seconds (`age >= 0`, `points >= 0`). Half-lives halve per whole
    /// half-life and fall linearly within one, so the result never rises with age.
    pub(crate) fn apply(self, points: i64, age: i64) -> i64 {
        match self {
            DecayCurve::None => points,
            DecayCurve::Window(window) => {
                if age > window {
                    0
                } else {
                    points
                }
            }
            DecayCurve::HalfLife { h, span } => {
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
    pub(crate) d: u64,
    /// `floor((2^64 - 1) / d)`.
    pub(crate) inverse: u64,
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
    /// quotient by at most two, and two steps, each adding one while the remainder is at
    /// least `d`, add what is missing. The steps are comparisons, not branches: whether
    /// one is taken depends on the signal's age, which no predictor guesses.
    #[inline(always)]
    pub(crate) fn divide(self, n: u64) -> u64 {
        let mut q = ((u128::from(n) * u128::from(self.inverse)) >> 64) as u64;
        // `q <= n / d`, so neither the product nor the differences wrap.
        let mut r = n - q * self.d;
        while r >= self.d {
            q += 1;
            r -= self.d;
        }
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::ONE;

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
                    assert_eq!(DecayCurve::half_life(h).unwrap().apply(points, age), want);
                }
            }
        }
    }
}
