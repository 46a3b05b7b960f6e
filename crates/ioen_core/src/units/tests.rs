#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;

use super::*;

#[test]
fn cost_matches_the_agreed_vectors() {
    for &(energy_wh, price_per_kwh, expected) in COST_VECTORS {
        assert_eq!(
            cost(energy_wh, price_per_kwh),
            Ok(expected),
            "cost({energy_wh}, {price_per_kwh})"
        );
    }
}

#[test]
fn cost_vectors_are_safe_javascript_integers() {
    const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;
    for &(energy_wh, price_per_kwh, cost) in COST_VECTORS {
        assert!(energy_wh <= MAX_SAFE_INTEGER);
        assert!(price_per_kwh <= MAX_SAFE_INTEGER);
        assert!(cost.unsigned_abs() <= MAX_SAFE_INTEGER);
    }
}

#[test]
fn cost_at_the_edges_of_u64_and_i64() {
    assert_eq!(cost(u64::MAX, 0), Ok(0));
    assert_eq!(cost(0, u64::MAX), Ok(0));
    // The product exceeds u64 but the cost fits: 9_204_925_292_781_066_255.885.
    assert_eq!(cost(u64::MAX, 499), Ok(9_204_925_292_781_066_256));
    // Exactly i64::MAX.
    assert_eq!(cost(i64::MAX.unsigned_abs(), 1_000), Ok(i64::MAX));
}

#[test]
fn cost_overflow_is_an_error() {
    // u64::MAX × 500 / 1000 = i64::MAX + 0.5, which rounds up past i64::MAX.
    let err = cost(u64::MAX, 500).unwrap_err();
    assert_eq!(
        err,
        CoreError::AmountOverflow {
            energy_wh: u64::MAX,
            price_per_kwh: 500
        }
    );
    assert_eq!(
        err.to_string(),
        "The cost of 18446744073709551615 Wh at 500 micro-IOEN per kWh is too large to represent."
    );
    assert!(cost(i64::MAX.unsigned_abs() + 1, 1_000).is_err());
    assert!(cost(u64::MAX, u64::MAX).is_err());
}

#[test]
fn round_half_up_div_rounds_halves_up() {
    assert_eq!(round_half_up_div(0, 1_000), 0);
    assert_eq!(round_half_up_div(499, 1_000), 0);
    assert_eq!(round_half_up_div(500, 1_000), 1);
    assert_eq!(round_half_up_div(1_499, 1_000), 1);
    assert_eq!(round_half_up_div(1_500, 1_000), 2);
    // No overflow at the top of the range (u128::MAX ends in ...455).
    assert_eq!(round_half_up_div(u128::MAX, 1_000), u128::MAX / 1_000);
    assert_eq!(
        round_half_up_div(u128::MAX / 1_000 * 1_000 - 500, 1_000),
        u128::MAX / 1_000
    );
    assert_eq!(round_half_up_div(u128::MAX, 2), 1 << 127);
    assert_eq!(round_half_up_div(7, 1), 7);
    assert_eq!(round_half_up_div(1, 3), 0);
    assert_eq!(round_half_up_div(2, 3), 1);
}

#[test]
fn format_ioen_examples() {
    assert_eq!(format_ioen(1_500_000), "1.50 IOEN");
    assert_eq!(format_ioen(1_234_567), "1.234567 IOEN");
    assert_eq!(format_ioen(1_230_000), "1.23 IOEN");
    assert_eq!(format_ioen(1_234_000), "1.234 IOEN");
    assert_eq!(format_ioen(0), "0.00 IOEN");
    assert_eq!(format_ioen(1), "0.000001 IOEN");
    assert_eq!(format_ioen(-1), "-0.000001 IOEN");
    assert_eq!(format_ioen(-20_000), "-0.02 IOEN");
    assert_eq!(format_ioen(-1_500_000), "-1.50 IOEN");
    assert_eq!(format_ioen(1_000 * MICRO_IOEN_PER_IOEN), "1000.00 IOEN");
    assert_eq!(format_ioen(i64::MAX), "9223372036854.775807 IOEN");
    assert_eq!(format_ioen(i64::MIN), "-9223372036854.775808 IOEN");
}

/// Parses the output of `format_ioen` back, exactly, in i128.
fn parse_ioen(text: &str) -> i128 {
    let number = text.strip_suffix(" IOEN").unwrap();
    let (negative, digits) = match number.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, number),
    };
    let (whole, fraction) = digits.split_once('.').unwrap();
    assert!((2..=6).contains(&fraction.len()), "{text}");
    let micros: i128 = whole.parse::<i128>().unwrap() * 1_000_000
        + format!("{fraction:0<6}").parse::<i128>().unwrap();
    if negative {
        -micros
    } else {
        micros
    }
}

proptest! {
    #[test]
    fn cost_is_exact_u128_rounding(e in any::<u64>(), p in any::<u64>()) {
        let exact = u128::from(e) * u128::from(p);
        let rounded = (exact / 1_000) + u128::from(exact % 1_000 >= 500);
        match cost(e, p) {
            Ok(c) => prop_assert_eq!(u128::from(c.unsigned_abs()), rounded),
            Err(err) => {
                prop_assert!(rounded > i64::MAX.unsigned_abs().into());
                prop_assert_eq!(err, CoreError::AmountOverflow { energy_wh: e, price_per_kwh: p });
            }
        }
    }

    #[test]
    fn cost_is_symmetric(e in any::<u64>(), p in any::<u64>()) {
        let swapped = cost(p, e).map_err(|_| ());
        prop_assert_eq!(cost(e, p).map_err(|_| ()), swapped);
    }

    #[test]
    fn cost_is_non_negative_and_within_half_a_micro(
        e in 0u64..=u64::from(u32::MAX),
        p in 0u64..=u64::from(u32::MAX),
    ) {
        let c = cost(e, p).unwrap();
        prop_assert!(c >= 0);
        let error = i128::from(c) * 1_000 - i128::from(e) * i128::from(p);
        prop_assert!(error.abs() <= 500, "cost({}, {}) = {} is off by {}", e, p, c, error);
        // Half up: exactly half a micro-IOEN always goes up.
        prop_assert!(error > -500);
    }

    #[test]
    fn cost_is_monotone_in_energy(
        a in 0u64..=u64::from(u32::MAX),
        b in 0u64..=u64::from(u32::MAX),
        p in 0u64..=u64::from(u32::MAX),
    ) {
        let (low, high) = (a.min(b), a.max(b));
        prop_assert!(cost(low, p).unwrap() <= cost(high, p).unwrap());
    }

    #[test]
    fn cost_is_monotone_in_price(
        e in 0u64..=u64::from(u32::MAX),
        a in 0u64..=u64::from(u32::MAX),
        b in 0u64..=u64::from(u32::MAX),
    ) {
        let (low, high) = (a.min(b), a.max(b));
        prop_assert!(cost(e, low).unwrap() <= cost(e, high).unwrap());
    }

    #[test]
    fn cost_is_monotone_near_overflow(e in any::<u64>(), p in any::<u64>()) {
        // Once the cost overflows, any larger input overflows too.
        if cost(e, p).is_err() {
            prop_assert!(cost(e.saturating_add(1), p).is_err());
            prop_assert!(cost(e, p.saturating_add(1)).is_err());
        } else if let (Ok(c), Ok(next)) = (cost(e, p), cost(e.saturating_add(1), p)) {
            prop_assert!(c <= next);
        }
    }

    #[test]
    fn cost_is_additive_within_one(
        a in 0u64..=u64::from(u32::MAX),
        b in 0u64..=u64::from(u32::MAX),
        p in 0u64..=u64::from(u32::MAX),
    ) {
        let whole = cost(a + b, p).unwrap();
        let parts = cost(a, p).unwrap() + cost(b, p).unwrap();
        prop_assert!((whole - parts).abs() <= 1, "{} vs {}", whole, parts);
    }

    #[test]
    fn format_ioen_round_trips(amount in any::<i64>()) {
        let text = format_ioen(amount);
        prop_assert_eq!(parse_ioen(&text), i128::from(amount));
        let fraction = text.split_once('.').unwrap().1.trim_end_matches(" IOEN");
        prop_assert!(fraction.len() == 2 || !fraction.ends_with('0'), "{}", text);
    }
}
