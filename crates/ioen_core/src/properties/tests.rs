#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;

use super::*;

fn with_areas(areas: &[(&str, &[&str])]) -> NetworkProperties {
    NetworkProperties {
        local_areas: areas
            .iter()
            .map(|(area, neighbours)| {
                (
                    area.to_string(),
                    neighbours.iter().map(|n| n.to_string()).collect(),
                )
            })
            .collect(),
        ..NetworkProperties::default()
    }
}

#[test]
fn defaults() {
    let props = NetworkProperties::default();
    assert_eq!(props.currency, "IOEN");
    assert_eq!(props.cycle_epoch_ms, 1_767_225_600_000);
    assert_eq!(props.cycle_seconds, 1_800);
    assert_eq!(props.cycles_per_billing_period, 48);
    assert_eq!(props.credit_limit, 1_000_000_000);
    assert_eq!(props.max_price_per_kwh, 10_000_000);
    assert!(props.local_areas.is_empty());
    assert_eq!(props.postcode_format, PostcodeFormat::Au);
    assert_eq!(props.check(), Ok(()));
    assert_eq!(props.clock(), CycleClock::new(1_767_225_600_000, 1_800, 48));
}

#[test]
fn missing_fields_take_their_defaults() {
    let props: NetworkProperties = serde_json::from_str("{}").unwrap();
    assert_eq!(props, NetworkProperties::default());
    let props: NetworkProperties = serde_json::from_str(
        r#"{"currency": "kWc", "postcode_format": "NZ", "local_areas": {"6011": ["6012"]}}"#,
    )
    .unwrap();
    assert_eq!(props.currency, "kWc");
    assert_eq!(props.postcode_format, PostcodeFormat::Nz);
    assert_eq!(props.cycle_seconds, 1_800);
    assert_eq!(props.check(), Ok(()));
    let json = serde_json::to_value(NetworkProperties::default()).unwrap();
    assert_eq!(json["postcode_format"], "AU");
}

#[test]
fn check_rejects_bad_currency() {
    let message = |currency: &str| {
        NetworkProperties {
            currency: currency.to_string(),
            ..NetworkProperties::default()
        }
        .check()
        .unwrap_err()
        .to_string()
    };
    assert_eq!(
        message(""),
        "The network property currency is invalid: it must have 1 to 16 characters; it has 0."
    );
    assert_eq!(
        message("ABCDEFGHIJKLMNOPQ"),
        "The network property currency is invalid: it must have 1 to 16 characters; it has 17."
    );
    // Counted in characters, not bytes.
    let props = NetworkProperties {
        currency: "€".repeat(16),
        ..NetworkProperties::default()
    };
    assert_eq!(props.check(), Ok(()));
}

#[test]
fn check_rejects_bad_clock() {
    let props = NetworkProperties {
        cycle_seconds: 0,
        ..NetworkProperties::default()
    };
    assert_eq!(
        props.check().unwrap_err().to_string(),
        "The network property cycle_seconds is invalid: it must be between 1 and 604800; it is 0."
    );
    assert_eq!(props.clock(), Err(props.check().unwrap_err()));
    let props = NetworkProperties {
        cycles_per_billing_period: 0,
        ..NetworkProperties::default()
    };
    assert!(props.check().is_err());
}

#[test]
fn check_rejects_negative_credit_limit_and_zero_price() {
    let props = NetworkProperties {
        credit_limit: -5,
        ..NetworkProperties::default()
    };
    assert_eq!(
        props.check().unwrap_err().to_string(),
        "The network property credit_limit is invalid: it must not be negative; it is -5."
    );
    let props = NetworkProperties {
        credit_limit: 0,
        ..NetworkProperties::default()
    };
    assert_eq!(props.check(), Ok(()));
    let props = NetworkProperties {
        max_price_per_kwh: 0,
        ..NetworkProperties::default()
    };
    assert_eq!(
        props.check().unwrap_err().to_string(),
        "The network property max_price_per_kwh is invalid: it must be greater than 0."
    );
}

#[test]
fn check_rejects_bad_postcodes_in_local_areas() {
    let props = with_areas(&[("3149", &["3150", "31A9"])]);
    assert_eq!(
        props.check().unwrap_err().to_string(),
        "'31A9' is not a valid postcode: expected 4 digits (AU)."
    );
    let props = with_areas(&[("314", &["3150"])]);
    assert_eq!(
        props.check(),
        Err(CoreError::InvalidPostcode {
            postcode: "314".to_string(),
            expected: "4 digits (AU)".to_string()
        })
    );
    let props = NetworkProperties {
        postcode_format: PostcodeFormat::Us,
        ..with_areas(&[("3149", &[])])
    };
    assert!(props.check().is_err());
}

#[test]
fn local_postcodes_are_symmetric_sorted_and_unique() {
    let props = with_areas(&[
        ("3149", &["3150", "3148", "3150", "3149"]),
        ("3000", &["3149"]),
        ("3999", &["3001"]),
    ]);
    assert_eq!(
        props.local_postcodes("3149"),
        ["3149", "3000", "3148", "3150"]
    );
    // Declared only on 3149's side, yet 3150 sees 3149.
    assert_eq!(props.local_postcodes("3150"), ["3150", "3149"]);
    assert_eq!(props.local_postcodes("3000"), ["3000", "3149"]);
    assert_eq!(props.local_postcodes("2000"), ["2000"]);
    // Neighbourhood is not transitive.
    assert!(!props.is_local("3150", "3000"));
    assert!(props.is_local("3150", "3149"));
    assert!(props.is_local("3149", "3150"));
    assert!(props.is_local("2000", "2000"));
    assert!(!props.is_local("2000", "3149"));
}

fn areas_strategy() -> impl Strategy<Value = BTreeMap<String, Vec<String>>> {
    let postcode = (3000u32..3010).prop_map(|p| p.to_string());
    prop::collection::btree_map(
        postcode.clone(),
        prop::collection::vec(postcode, 0..5),
        0..8,
    )
}

proptest! {
    #[test]
    fn is_local_is_symmetric_and_reflexive(
        areas in areas_strategy(),
        a in 3000u32..3010,
        b in 3000u32..3010,
    ) {
        let props = NetworkProperties { local_areas: areas, ..NetworkProperties::default() };
        let (a, b) = (a.to_string(), b.to_string());
        prop_assert_eq!(props.is_local(&a, &b), props.is_local(&b, &a));
        prop_assert!(props.is_local(&a, &a));
        prop_assert_eq!(props.check(), Ok(()));
    }

    #[test]
    fn local_postcodes_shape(areas in areas_strategy(), a in 3000u32..3010) {
        let props = NetworkProperties { local_areas: areas.clone(), ..NetworkProperties::default() };
        let a = a.to_string();
        let local = props.local_postcodes(&a);
        prop_assert_eq!(&local[0], &a);
        let rest = &local[1..];
        prop_assert!(rest.windows(2).all(|w| w[0] < w[1]), "{:?}", local);
        prop_assert!(!rest.contains(&a));
        // Exactly the postcodes related to `a` on either side.
        for b in (3000u32..3010).map(|p| p.to_string()).filter(|b| *b != a) {
            let related = areas.get(&a).is_some_and(|n| n.contains(&b))
                || areas.get(&b).is_some_and(|n| n.contains(&a));
            prop_assert_eq!(rest.contains(&b), related);
        }
    }
}
